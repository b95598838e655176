package io.kdstream.student.domain;

/**
 * A record the worker could not use, to be written to the dead-letter topic as it was.
 *
 * @param topic the topic it was read from
 * @param partition its partition
 * @param offset its offset
 * @param key its key, or {@code null}
 * @param value its original bytes
 * @param reason why it was refused, naming the field at fault
 * @param cause the exception that refused it
 */
public record DeadLetter(
        String topic,
        int partition,
        long offset,
        String key,
        byte[] value,
        String reason,
        Throwable cause) {}
