package io.kdstream.core.job;

import io.kdstream.core.schema.StudentJob;

/** Converts between {@link StudentJob} records and {@link JobSpec} values. */
public final class StudentJobMapper {

    private StudentJobMapper() {}

    /**
     * Builds the record of a job.
     *
     * @param j the job
     * @return the record
     */
    public static StudentJob toAvro(JobSpec j) {
        return StudentJob.newBuilder()
                .setJobId(j.jobId())
                .setExperimentId(j.experimentId())
                .setTeacherRunId(j.teacherRunId())
                .setArchitecture(j.architecture())
                .setLossMode(j.lossMode())
                .setAlpha(j.alpha())
                .setTemperature(j.temperature())
                .setEpochs(j.epochs())
                .setLearningRate(j.learningRate())
                .setMomentum(j.momentum())
                .setBatchSize(j.batchSize())
                .setSeed(j.seed())
                .setWeightInit(j.weightInit())
                .setSubmittedAt(j.submittedAt())
                .setGroup(j.group())
                .setLabelFraction(j.transferSet().labelFraction())
                .setOmittedClass(j.transferSet().omittedClass())
                .build();
    }

    /**
     * Reads a job record; nothing is validated here.
     *
     * @param r the record
     * @return the job
     */
    public static JobSpec toDomain(StudentJob r) {
        return new JobSpec(
                r.getJobId(),
                r.getExperimentId(),
                r.getTeacherRunId(),
                r.getArchitecture(),
                r.getLossMode(),
                r.getAlpha(),
                r.getTemperature(),
                r.getEpochs(),
                r.getLearningRate(),
                r.getMomentum(),
                r.getBatchSize(),
                r.getSeed(),
                r.getWeightInit(),
                r.getSubmittedAt(),
                r.getGroup() == null ? null : r.getGroup().toString(),
                new TransferSet(r.getLabelFraction(), r.getOmittedClass()));
    }
}
