package io.kdstream.teacher.training;

import io.kdstream.core.run.RunManifest;
import io.kdstream.teacher.domain.TeacherCheckpoint;
import io.kdstream.teacher.domain.TeacherSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds what an earlier teacher with the same settings already did, so that a restarted teacher
 * neither trains nor streams again what is on the broker: the evaluator starts a standard
 * experiment for every COMPLETE run, so a second identical run would start a second identical
 * experiment.
 *
 * <p>A run manifest does not record the training's settings; its teacher checkpoint does ({@link
 * TeacherSettings#trained}), so both topics are read: first for a COMPLETE run of a matching
 * checkpoint, then for a matching checkpoint that no run finished streaming (the teacher was
 * stopped after training, mid-stream).
 */
@ApplicationScoped
public class FinishedWork {

    /**
     * What an earlier teacher left.
     *
     * @param checkpoint the last checkpoint of a training with the same settings
     * @param completeRun a COMPLETE run that streamed it (as many images as the settings train on),
     *     or {@code null} if none did
     */
    public record Found(TeacherCheckpoint checkpoint, RunManifest completeRun) {}

    private final TeacherRunLog runLog;
    private final TeacherCheckpoints checkpoints;

    FinishedWork(TeacherRunLog runLog, TeacherCheckpoints checkpoints) {
        this.runLog = runLog;
        this.checkpoints = checkpoints;
    }

    /**
     * Looks for the finished work of a training with these settings.
     *
     * @param settings what this teacher would train
     * @return a COMPLETE run if there is one, else a checkpoint to stream, else empty
     * @throws RuntimeException if a topic cannot be read
     */
    public Optional<Found> find(TeacherSettings settings) {
        Map<String, RunManifest> completeByModel = new HashMap<>();
        for (RunManifest run : runLog.complete()) {
            // a re-stream of fewer images is not the run a start-up would stream
            if (run.sampleCount() == settings.trainSamples()) {
                completeByModel.put(run.teacherModelId(), run);
            }
        }
        if (!completeByModel.isEmpty()) {
            Optional<TeacherCheckpoint> streamed =
                    checkpoints.newest(
                            c -> completeByModel.containsKey(c.modelId()) && settings.trained(c));
            if (streamed.isPresent()) {
                return Optional.of(
                        new Found(streamed.get(), completeByModel.get(streamed.get().modelId())));
            }
        }
        return checkpoints.newest(settings::trained).map(c -> new Found(c, null));
    }
}
