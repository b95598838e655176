package io.kdstream.student.messaging;

import io.kdstream.core.schema.StudentJob;
import io.kdstream.student.domain.JobSpec;

/** Converts the Avro {@link StudentJob} to a {@link JobSpec}. */
public final class StudentJobMapper {

    private StudentJobMapper() {}

    /**
     * Reads a job record; nothing is validated here (see {@code JobValidator}).
     *
     * @param record the record
     * @return the job
     */
    public static JobSpec toDomain(StudentJob record) {
        return new JobSpec(
                record.getJobId(),
                record.getExperimentId(),
                record.getTeacherRunId(),
                record.getArchitecture(),
                record.getLossMode(),
                record.getAlpha(),
                record.getTemperature(),
                record.getEpochs(),
                record.getLearningRate(),
                record.getMomentum(),
                record.getBatchSize(),
                record.getSeed(),
                record.getWeightInit(),
                record.getSubmittedAt());
    }
}
