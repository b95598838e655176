package io.kdstream.evaluator.evaluation;

import io.kdstream.core.job.JobSpec;
import io.kdstream.evaluator.config.EvaluatorConfig;
import io.kdstream.evaluator.domain.ExperimentRequest;
import io.kdstream.evaluator.domain.ExperimentRequest.StudentRequest;
import io.kdstream.evaluator.domain.PresetInfo;
import io.kdstream.evaluator.domain.PresetRequest;
import io.kdstream.evaluator.domain.Violation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The experiments where distillation is known to matter, by name, each with its scratch baseline: a
 * preset expands to ordinary experiment requests, so it is validated, published and compared as any
 * other experiment is.
 *
 * <p>A comparison measures every student against the scratch group of its experiment, so a preset
 * that varies the data (few-labels: one label fraction per experiment) submits one experiment per
 * setting, each with the distilled and the scratch student on the same data.
 */
public enum Presets {
    /** Few hard labels, the teacher's logits on every image. */
    FEW_LABELS(
            "few-labels",
            "The students see the hard labels of only a fraction of the training images (1% and 5%:"
                    + " one experiment each) but the teacher's logits on all of them; alpha applies"
                    + " only where a label exists. The scratch student trains on the labelled"
                    + " images alone, cycled to the same number of steps.",
            3,
            null,
            Presets::fewLabels),
    /** One digit left out of the transfer set. */
    TRANSFER_WITHOUT_CLASS(
            "transfer-without-class",
            "The students' transfer set omits every image of one digit (3 by default) and the"
                    + " held-out slice (training images 55,000 on): the distilled student learns"
                    + " the digit only from the teacher's soft targets on other digits. Each"
                    + " evaluation reports the digit's test accuracy as it is and after its output"
                    + " bias is tuned on the held-out slice.",
            3,
            null,
            Presets::withoutClass),
    /** Temperature by alpha. */
    TEMPERATURE_SWEEP(
            "temperature-sweep",
            "One short run (1 epoch) of a distilled student for each T in {1, 2, 5, 10, 20} and"
                    + " alpha in {0.1, 0.5, 0.9}, labelled T<T>-a<alpha>, and a scratch student;"
                    + " the comparison's sweep view shows accuracy as a heat map.",
            1,
            1,
            Presets::temperatureSweep);

    /** The label fractions of few-labels when the request names none. */
    public static final List<Double> DEFAULT_LABEL_FRACTIONS = List.of(0.01, 0.05);

    /** The digit transfer-without-class leaves out when the request names none. */
    public static final int DEFAULT_OMITTED_CLASS = 3;

    /** The sweep's temperatures. */
    public static final List<Double> SWEEP_TEMPERATURES = List.of(1.0, 2.0, 5.0, 10.0, 20.0);

    /** The sweep's alphas. */
    public static final List<Double> SWEEP_ALPHAS = List.of(0.1, 0.5, 0.9);

    private static final int MAX_LABEL_FRACTIONS = 5;

    private final String presetName;
    private final String description;
    private final int defaultRepeats;
    private final Integer defaultEpochs;
    private final BiFunction<PresetRequest, StudentRequest, List<ExperimentRequest>> expansion;

    Presets(
            String presetName,
            String description,
            int defaultRepeats,
            Integer defaultEpochs,
            BiFunction<PresetRequest, StudentRequest, List<ExperimentRequest>> expansion) {
        this.presetName = presetName;
        this.description = description;
        this.defaultRepeats = defaultRepeats;
        this.defaultEpochs = defaultEpochs;
        this.expansion = expansion;
    }

    /**
     * Finds a preset by its name.
     *
     * @param name for example {@code few-labels}
     * @return the preset, or empty for an unknown name
     */
    public static Optional<Presets> named(String name) {
        for (Presets p : values()) {
            if (p.presetName.equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the preset's name.
     *
     * @return the name REST and the dashboard use
     */
    public String presetName() {
        return presetName;
    }

    /**
     * Describes the preset with its defaults.
     *
     * @param configured the standard experiment's settings, which the presets' students start from
     * @return the description
     */
    public PresetInfo info(EvaluatorConfig.StandardExperiment configured) {
        return new PresetInfo(
                presetName,
                description,
                new PresetRequest(
                        null,
                        defaultRepeats,
                        configured.seed(),
                        defaultEpochs == null ? configured.epochs() : defaultEpochs,
                        this == FEW_LABELS ? DEFAULT_LABEL_FRACTIONS : null,
                        this == TRANSFER_WITHOUT_CLASS ? DEFAULT_OMITTED_CLASS : null));
    }

    /**
     * Expands a request into the experiments to submit.
     *
     * @param request the request; missing fields take the preset's defaults
     * @param configured the standard experiment's settings: the students' architecture, alpha, T,
     *     learning rate, momentum and batch size
     * @return one or more experiment requests, each with a scratch student
     * @throws InvalidExperimentException for a request no experiment can be made of
     */
    public List<ExperimentRequest> expand(
            PresetRequest request, EvaluatorConfig.StandardExperiment configured) {
        if (request == null) {
            throw new InvalidExperimentException(
                    List.of(
                            new Violation(
                                    "body",
                                    "a JSON body {teacherRunId, repeats?, seed?, epochs?, ...} is"
                                            + " required")));
        }
        StudentRequest base =
                new StudentRequest(
                        configured.architecture(),
                        "hinton",
                        configured.alpha(),
                        configured.temperature(),
                        request.epochs() != null
                                ? request.epochs()
                                : defaultEpochs != null ? defaultEpochs : configured.epochs(),
                        configured.learningRate(),
                        configured.momentum(),
                        configured.batchSize(),
                        request.seed() != null ? request.seed() : configured.seed(),
                        null,
                        null,
                        request.repeats() != null ? request.repeats() : defaultRepeats,
                        null,
                        null);
        return expansion.apply(request, base);
    }

    private static List<ExperimentRequest> fewLabels(PresetRequest r, StudentRequest base) {
        List<Double> fractions =
                r.labelFractions() == null || r.labelFractions().isEmpty()
                        ? DEFAULT_LABEL_FRACTIONS
                        : r.labelFractions();
        // List.of's contains(null) throws: look for a null one by one
        if (fractions.size() > MAX_LABEL_FRACTIONS
                || fractions.stream().anyMatch(java.util.Objects::isNull)) {
            throw new InvalidExperimentException(
                    List.of(
                            new Violation(
                                    "labelFractions",
                                    "must hold 1 to "
                                            + MAX_LABEL_FRACTIONS
                                            + " numbers in (0, 1], e.g. [0.01, 0.05]")));
        }
        List<ExperimentRequest> experiments = new ArrayList<>();
        for (double f : fractions) {
            String suffix = "-" + percent(f) + "pct";
            experiments.add(
                    new ExperimentRequest(
                            r.teacherRunId(),
                            List.of(
                                    distilled(base, "hinton" + suffix).withTransferSet(f, null),
                                    scratch(base, ExperimentValidator.SCRATCH_LABEL + suffix)
                                            .withTransferSet(f, null))));
        }
        return experiments;
    }

    private static List<ExperimentRequest> withoutClass(PresetRequest r, StudentRequest base) {
        int digit = r.omittedClass() != null ? r.omittedClass() : DEFAULT_OMITTED_CLASS;
        String suffix = "-no" + digit;
        return List.of(
                new ExperimentRequest(
                        r.teacherRunId(),
                        List.of(
                                distilled(base, "hinton" + suffix).withTransferSet(null, digit),
                                scratch(base, ExperimentValidator.SCRATCH_LABEL + suffix)
                                        .withTransferSet(null, digit))));
    }

    private static List<ExperimentRequest> temperatureSweep(PresetRequest r, StudentRequest base) {
        List<StudentRequest> students = new ArrayList<>();
        for (double t : SWEEP_TEMPERATURES) {
            for (double a : SWEEP_ALPHAS) {
                students.add(base.withLoss(sweepLabel(t, a), "hinton", a, t));
            }
        }
        students.add(scratch(base, ExperimentValidator.SCRATCH_LABEL));
        return List.of(new ExperimentRequest(r.teacherRunId(), students));
    }

    /**
     * The label of a sweep student.
     *
     * @param temperature its T
     * @param alpha its alpha
     * @return for example {@code T5-a0.5}
     */
    static String sweepLabel(double temperature, double alpha) {
        return "T" + plain(temperature) + "-a" + plain(alpha);
    }

    private static StudentRequest distilled(StudentRequest base, String label) {
        return base.withLoss(label, "hinton", base.alpha(), base.temperature());
    }

    private static StudentRequest scratch(StudentRequest base, String label) {
        return base.withLoss(label, JobSpec.SCRATCH_LOSS, base.alpha(), base.temperature());
    }

    private static String percent(double fraction) {
        return plain(fraction * 100);
    }

    /** A number as short as it reads: 5 not 5.0, 0.5 not 0.50000001 from 0.005 * 100. */
    private static String plain(double value) {
        return new BigDecimal(Double.toString(value))
                .round(new java.math.MathContext(6))
                .stripTrailingZeros()
                .toPlainString()
                .toLowerCase(Locale.ROOT);
    }
}
