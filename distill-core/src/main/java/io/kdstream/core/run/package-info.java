/**
 * The teacher-run contract, once for every service: a run's manifest ({@link
 * io.kdstream.core.run.RunManifest}), the offsets of its logit records ({@link
 * io.kdstream.core.run.OffsetRange}) and the mapping to and from the Avro {@code TeacherRun} record
 * ({@link io.kdstream.core.run.TeacherRunMapper}). The teacher writes manifests, the student
 * replays the offsets they name, the evaluator follows their status.
 */
package io.kdstream.core.run;
