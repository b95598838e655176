package io.kdstream.student.training;

import io.kdstream.core.run.RunManifest;
import java.util.Optional;

/** Looks teacher-run manifests up; the Kafka implementation reads the teacher-runs topic. */
public interface TeacherRuns {

    /**
     * Finds the latest manifest of a run.
     *
     * @param runId the run id
     * @return the manifest, or empty if the run is unknown
     * @throws RuntimeException if the manifests cannot be read
     */
    Optional<RunManifest> find(String runId);
}
