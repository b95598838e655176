package io.strimzi.crdgenerator.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Strimzi's CRD-generator annotation, redeclared so that reflection can read it (see {@link
 * PresentInVersions}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.FIELD})
public @interface Pattern {
    /** The regular expression. */
    String value();

    /** API versions the pattern applies to; empty means all. */
    String apiVersions() default "";
}
