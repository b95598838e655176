package io.kdstream.evaluator.messaging;

import io.kdstream.core.schema.StudentJob;
import io.kdstream.evaluator.domain.JobSpec;

/** Converts between {@link StudentJob} records and {@link JobSpec} values. */
final class StudentJobMapper {

    private StudentJobMapper() {}

    static StudentJob toAvro(JobSpec j) {
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
                .build();
    }

    static JobSpec toDomain(StudentJob r) {
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
                r.getSubmittedAt());
    }
}
