package io.kdstream.evaluator.evaluation;

import io.kdstream.evaluator.domain.Violation;
import java.util.List;

/** Thrown when an experiment request is invalid; carries every violation. */
public class InvalidExperimentException extends RuntimeException {

    private final transient List<Violation> violations;

    /**
     * Creates the exception.
     *
     * @param violations what is wrong, at least one
     */
    public InvalidExperimentException(List<Violation> violations) {
        super("invalid experiment: " + violations);
        this.violations = List.copyOf(violations);
    }

    /**
     * Returns the violations.
     *
     * @return every invalid field and why
     */
    public List<Violation> violations() {
        return violations;
    }
}
