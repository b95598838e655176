package io.kdstream.evaluator.domain;

import io.kdstream.core.job.TransferSet;
import io.kdstream.core.model.ArchitectureRegistry;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A request for an experiment: one teacher run and the students to train from it.
 *
 * <p>Fields are nullable so that validation can name each missing one. The annotations (Bean
 * Validation, Hibernate Validator) say what a well-formed request is; the ranges are the job rules
 * of distill-core's {@code JobValidator}, which {@code ExperimentValidator} applies with them, so
 * they are written once. Messages are written to follow the field name, as the dashboard shows
 * them.
 *
 * @param teacherRunId a teacher run seen on the teacher-runs topic, COMPLETE
 * @param students the student jobs, at least one
 */
public record ExperimentRequest(
        @NotBlank(message = "is required") String teacherRunId,
        @NotEmpty(message = "at least one student is required")
                @Size(
                        max = MAX_STUDENTS,
                        message = "at most " + MAX_STUDENTS + " students per experiment")
                List<@NotNull(message = "is null") @Valid StudentRequest> students) {

    /**
     * Students one request may ask for: a temperature sweep with three seeds fits; a request of
     * thousands is a mistake, refused before any job is validated or published.
     */
    public static final int MAX_STUDENTS = 64;

    /**
     * Seeds one student may ask for: enough for a confidence interval that says something, few
     * enough that one request stays one experiment's worth of training.
     */
    public static final int MAX_REPEATS = 10;

    /** What a label may look like: it becomes the end of the job id. */
    public static final String LABEL_PATTERN = "[A-Za-z0-9][A-Za-z0-9_.-]{0,39}";

    /**
     * One student of an experiment request.
     *
     * @param architecture registry name of the student
     * @param lossMode hinton, tutorial or none
     * @param alpha weight of the hard-label cross-entropy, in [0, 1]
     * @param temperature softmax temperature, &gt; 0
     * @param epochs epochs, &gt; 0
     * @param learningRate SGD learning rate, &gt; 0
     * @param momentum SGD momentum, in [0, 1)
     * @param batchSize images per step, &gt; 0
     * @param seed seeds weights and batch order
     * @param label optional name of the job inside the experiment, [A-Za-z0-9_.-], unique
     * @param weightInit optional initial weights, pytorch-default (default) or djl-default
     * @param repeats optional number of seeds, 1 (default) to {@value #MAX_REPEATS}: the student is
     *     trained once per seed ({@code seed}, {@code seed + 1}, ...), as jobs labelled {@code
     *     <label>-s<seed>}, and the comparison summarises them (mean, spread, confidence interval)
     * @param labelFraction optional share of the run's images whose hard label the student sees, in
     *     (0, 1], 1 by default: the rest teach through the teacher's logits only (a scratch student
     *     skips them and cycles its labelled images to the same number of steps)
     * @param omittedClass optional class left out of the student's transfer set (and, with it, the
     *     held-out slice of the training split): the student learns it only from the teacher's soft
     *     targets on other images
     */
    public record StudentRequest(
            @NotNull(message = "is required, e.g. " + ArchitectureRegistry.TUTORIAL_STUDENT)
                    String architecture,
            @NotNull(message = "is required; one of hinton, tutorial, none") String lossMode,
            @NotNull(message = "is required, in [0, 1]") Double alpha,
            @NotNull(message = "is required, > 0") Double temperature,
            @NotNull(message = "is required, > 0") Integer epochs,
            @NotNull(message = "is required, > 0") Double learningRate,
            @NotNull(message = "is required, in [0, 1)") Double momentum,
            @NotNull(message = "is required, > 0") Integer batchSize,
            @NotNull(message = "is required") Long seed,
            @Pattern(regexp = LABEL_PATTERN, message = "must match " + LABEL_PATTERN) String label,
            String weightInit,
            @Min(value = 1, message = "must be in [1, " + MAX_REPEATS + "]")
                    @Max(value = MAX_REPEATS, message = "must be in [1, " + MAX_REPEATS + "]")
                    Integer repeats,
            Double labelFraction,
            Integer omittedClass) {

        /**
         * Returns how many seeds the student is trained with.
         *
         * @return {@code repeats}, 1 when not given
         */
        public int seeds() {
            return repeats == null ? 1 : repeats;
        }

        /**
         * Returns the transfer set the student's jobs learn from.
         *
         * @return the full set when neither a label fraction nor an omitted class is given
         */
        public TransferSet transferSet() {
            return labelFraction == null && omittedClass == null
                    ? TransferSet.FULL
                    : new TransferSet(labelFraction == null ? 1.0 : labelFraction, omittedClass);
        }

        /**
         * Returns this student with another label and loss.
         *
         * @param label the new label
         * @param lossMode the new loss mode
         * @param alpha the new alpha
         * @param temperature the new temperature
         * @return the copy
         */
        public StudentRequest withLoss(
                String label, String lossMode, double alpha, double temperature) {
            return copy(label, lossMode, alpha, temperature, labelFraction, omittedClass);
        }

        /**
         * Returns this student with another transfer set.
         *
         * @param fraction the new label fraction, or {@code null} for every label
         * @param omitted the new omitted class, or {@code null}
         * @return the copy
         */
        public StudentRequest withTransferSet(Double fraction, Integer omitted) {
            return copy(label, lossMode, alpha, temperature, fraction, omitted);
        }

        // The one place that lists every component for the withers.
        private StudentRequest copy(
                String newLabel,
                String newLossMode,
                Double newAlpha,
                Double newTemperature,
                Double newFraction,
                Integer newOmitted) {
            return new StudentRequest(
                    architecture,
                    newLossMode,
                    newAlpha,
                    newTemperature,
                    epochs,
                    learningRate,
                    momentum,
                    batchSize,
                    seed,
                    newLabel,
                    weightInit,
                    repeats,
                    newFraction,
                    newOmitted);
        }
    }
}
