package io.kdstream.evaluator.domain;

/**
 * One invalid field of a request.
 *
 * @param field the field's path, e.g. {@code students[0].alpha}
 * @param message why it is invalid
 */
public record Violation(String field, String message) {}
