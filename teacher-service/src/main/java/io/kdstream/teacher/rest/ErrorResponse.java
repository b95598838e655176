package io.kdstream.teacher.rest;

/**
 * The JSON body of every error answer.
 *
 * @param status the HTTP status
 * @param error what is wrong, for a person to read
 */
public record ErrorResponse(int status, String error) {}
