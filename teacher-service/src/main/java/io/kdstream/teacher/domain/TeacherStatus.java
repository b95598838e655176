package io.kdstream.teacher.domain;

/**
 * What the teacher is doing, as served by {@code GET /api/teacher/status}.
 *
 * @param phase idle, training or streaming
 * @param profile the training profile
 * @param device the device the teacher runs on
 * @param trainingId the current or last training id, or {@code null}
 * @param epoch the current or last training epoch, or 0
 * @param epochs the planned epochs of that training, or 0
 * @param currentRunId the run now streaming, or {@code null}
 * @param latestModelId the last checkpoint of the last complete training, or {@code null}
 * @param latestTestAccuracy that checkpoint's test accuracy, or {@code null}
 * @param queuedRuns runs waiting for the worker
 */
public record TeacherStatus(
        String phase,
        String profile,
        String device,
        String trainingId,
        int epoch,
        int epochs,
        String currentRunId,
        String latestModelId,
        Double latestTestAccuracy,
        int queuedRuns) {}
