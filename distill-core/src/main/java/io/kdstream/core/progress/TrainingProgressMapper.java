package io.kdstream.core.progress;

import io.kdstream.core.schema.TrainingProgress;
import io.kdstream.core.schema.WorkKind;
import io.kdstream.core.schema.WorkState;

/** Converts a {@link ProgressUpdate} to the Avro {@link TrainingProgress}. */
public final class TrainingProgressMapper {

    private TrainingProgressMapper() {}

    /**
     * Builds the Avro record of a tick.
     *
     * @param update the tick
     * @param worker the host, pod or worker doing the work
     * @return the record; figures that are not finite are left out
     */
    public static TrainingProgress toAvro(ProgressUpdate update, String worker) {
        return TrainingProgress.newBuilder()
                .setId(update.id())
                .setKind(WorkKind.valueOf(update.kind().name()))
                .setState(WorkState.valueOf(update.state().name()))
                .setWorker(worker)
                .setExperimentId(update.experimentId())
                .setEpoch(update.epoch())
                .setEpochs(update.epochs())
                .setStep(update.step())
                .setStepsPerEpoch(update.stepsPerEpoch())
                .setLoss(finiteOrNull(update.loss()))
                .setSamplesPerSecond(finiteOrNull(update.samplesPerSecond()))
                .setEtaSeconds(finiteOrNull(update.etaSeconds()))
                .setReason(update.reason())
                .setUpdatedAt(update.madeAt())
                .build();
    }

    private static Double finiteOrNull(Double value) {
        return value == null || !Double.isFinite(value) ? null : value;
    }
}
