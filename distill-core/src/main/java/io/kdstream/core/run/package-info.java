/**
 * The teacher-run contract, once for every service: a run's manifest ({@link
 * io.kdstream.core.run.RunManifest}), the offsets of its logit records ({@link
 * io.kdstream.core.run.OffsetRange}) and the mapping to and from the Avro {@code TeacherRun} record
 * ({@link io.kdstream.core.run.TeacherRunMapper}); and the logit records themselves ({@link
 * io.kdstream.core.run.LogitBatch}), written and checked by one mapper ({@link
 * io.kdstream.core.run.TeacherLogitBatchMapper}). The teacher writes manifests and logit records,
 * the student replays the offsets they name, the evaluator follows their status.
 */
package io.kdstream.core.run;
