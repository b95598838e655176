package io.kdstream.teacher.training;

import io.kdstream.core.run.RunManifest;
import java.util.List;

/**
 * The published history of teacher runs; messaging implements it ({@code KafkaTeacherRunLog}, on
 * the teacher-runs topic).
 */
public interface TeacherRunLog {

    /**
     * Lists the runs whose latest manifest is still STREAMING.
     *
     * @return those manifests; empty when there are none
     * @throws RuntimeException if the log cannot be read
     */
    List<RunManifest> unfinished();

    /**
     * Lists the runs whose latest manifest is COMPLETE: every logit record is on the broker.
     *
     * @return those manifests; empty when there are none
     * @throws RuntimeException if the log cannot be read
     */
    List<RunManifest> complete();
}
