package io.kdstream.evaluator.domain;

import io.kdstream.core.run.RunManifest;
import java.time.Instant;

/**
 * One change of the evaluator's state, as the dashboard receives it over server-sent events.
 *
 * @param type what changed: {@code hello} (first event of a stream), {@code run}, {@code
 *     experiment}, {@code progress}, {@code evaluation}, {@code comparison}, or {@code ping}
 * @param data the new value: a {@link RunManifest}, {@link ExperimentView}, {@link JobProgress},
 *     {@link ModelEvaluation} or {@link ComparisonView}; {@code null} for hello and ping
 * @param at when the event was emitted
 */
public record DashboardEvent(String type, Object data, Instant at) {

    /** First event of every stream: the client is connected and may load the state. */
    public static final String HELLO = "hello";

    /** A teacher run's manifest changed. */
    public static final String RUN = "run";

    /** An experiment was submitted or read back, with its jobs. */
    public static final String EXPERIMENT = "experiment";

    /** Progress of a teacher training, a teacher stream or a student job. */
    public static final String PROGRESS = "progress";

    /** A checkpoint was evaluated, or its evaluation completed or read back. */
    public static final String EVALUATION = "evaluation";

    /** An experiment's comparison changed. */
    public static final String COMPARISON = "comparison";

    /** Keeps idle connections open through proxies. */
    public static final String PING = "ping";

    /**
     * Creates an event stamped now.
     *
     * @param type the type
     * @param data the value, or {@code null}
     * @return the event
     */
    public static DashboardEvent of(String type, Object data) {
        return new DashboardEvent(type, data, Instant.now());
    }
}
