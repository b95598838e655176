package io.kdstream.core.training;

/**
 * Thrown when a step's loss is NaN or infinite: the run has diverged and every later step would
 * train on garbage, so it stops with the reason instead of hiding NaN in its progress.
 */
public class TrainingDivergedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param loss the step's loss
     * @param epoch the epoch, from 1
     * @param step the step within the epoch, from 1
     */
    public TrainingDivergedException(float loss, int epoch, int step) {
        super(
                "training diverged: the loss is "
                        + loss
                        + " at epoch "
                        + epoch
                        + ", step "
                        + step
                        + "; a smaller learning rate (for hinton also a lower temperature: its"
                        + " gradients grow with T^2) keeps it finite");
    }
}
