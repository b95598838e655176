package io.kdstream.teacher.rest;

/**
 * The optional body of {@code POST /api/teacher/runs}.
 *
 * @param modelId the teacher checkpoint to stream (models topic); {@code null} for the last one
 *     this instance trained
 * @param trainLimit the number of training images to stream, 0 for all; {@code null} for {@code
 *     kd.teacher.train-limit}
 */
public record RunRequest(String modelId, Integer trainLimit) {}
