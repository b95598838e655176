package io.kdstream.core.training;

/**
 * Thrown by a {@link ProgressListener} to stop a training run between steps.
 *
 * <p>Modelled on DJL's {@code EarlyStoppingListener.EarlyStoppedException}: the trainer catches it,
 * closes its resources and returns a summary marked as stopped.
 */
public class TrainingStoppedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param reason why the run stops, for the logs
     */
    public TrainingStoppedException(String reason) {
        super(reason);
    }
}
