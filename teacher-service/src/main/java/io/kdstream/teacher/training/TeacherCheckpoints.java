package io.kdstream.teacher.training;

import io.kdstream.teacher.domain.TeacherCheckpoint;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where published teacher checkpoints are looked up, to stream an earlier model without training;
 * messaging implements it ({@code ModelCheckpointFetcher}, on the models topic).
 */
public interface TeacherCheckpoints {

    /**
     * Looks a teacher checkpoint up.
     *
     * @param modelId the model id, such as {@code teacher-1a2b3c4d-e2}
     * @return the checkpoint, or empty if none has that id
     * @throws IllegalArgumentException if the record with that id is not a teacher checkpoint or
     *     does not decode
     * @throws IllegalStateException if the store cannot be read in time
     */
    Optional<TeacherCheckpoint> fetch(String modelId);

    /**
     * Finds the newest teacher checkpoint that passes a test, such as the last epoch of a training
     * with given settings.
     *
     * @param wanted the test; records that do not decode or are not a teacher's never reach it
     * @return the newest (by creation time) checkpoint that passes, or empty if none does
     * @throws IllegalStateException if the store cannot be read in time
     */
    Optional<TeacherCheckpoint> newest(Predicate<TeacherCheckpoint> wanted);
}
