package io.kdstream.teacher.messaging;

import io.kdstream.core.schema.TrainingProgress;
import io.kdstream.core.schema.WorkKind;
import io.kdstream.core.schema.WorkState;
import io.kdstream.teacher.domain.ProgressUpdate;
import java.time.Instant;

/** Converts a {@link ProgressUpdate} to the Avro {@link TrainingProgress}. */
public final class TrainingProgressMapper {

    private TrainingProgressMapper() {}

    /**
     * Builds the Avro record of a progress tick.
     *
     * @param update the tick
     * @param worker the host or pod doing the work
     * @return the record
     */
    public static TrainingProgress toAvro(ProgressUpdate update, String worker) {
        return TrainingProgress.newBuilder()
                .setId(update.id())
                .setKind(WorkKind.valueOf(update.kind().name()))
                .setState(WorkState.valueOf(update.state().name()))
                .setWorker(worker)
                .setExperimentId(null)
                .setEpoch(update.epoch())
                .setEpochs(update.epochs())
                .setStep(update.step())
                .setStepsPerEpoch(update.stepsPerEpoch())
                .setLoss(finiteOrNull(update.loss()))
                .setSamplesPerSecond(finiteOrNull(update.samplesPerSecond()))
                .setEtaSeconds(finiteOrNull(update.etaSeconds()))
                .setReason(update.reason())
                .setUpdatedAt(Instant.now())
                .build();
    }

    private static Double finiteOrNull(Double value) {
        return value == null || !Double.isFinite(value) ? null : value;
    }
}
