package io.kdstream.evaluator.messaging;

import io.kdstream.core.schema.TrainingProgress;
import io.kdstream.evaluator.domain.JobProgress;

/** Converts {@link TrainingProgress} records to {@link JobProgress} values. */
final class TrainingProgressMapper {

    private TrainingProgressMapper() {}

    static JobProgress toDomain(TrainingProgress r) {
        return new JobProgress(
                r.getId(),
                r.getKind(),
                r.getState(),
                r.getWorker(),
                r.getExperimentId(),
                r.getEpoch(),
                r.getEpochs(),
                r.getStep(),
                r.getStepsPerEpoch(),
                r.getLoss(),
                r.getSamplesPerSecond(),
                r.getEtaSeconds(),
                r.getReason(),
                r.getUpdatedAt(),
                r.getAttempt());
    }
}
