package io.strimzi.crdgenerator.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Strimzi's CRD-generator annotation, redeclared with the same name and members.
 *
 * <p>Why it is here: io.strimzi:api carries these annotations at run time, but their declaring
 * artifact (crd-generator, provided scope) is not published for 0.51, so reflection would silently
 * drop them. With this declaration on the test class path, deploy-checks reads which API versions a
 * property exists in, as Strimzi's generated CRD schema does.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.FIELD})
public @interface PresentInVersions {
    /** API versions, e.g. "v1beta2" or "v1beta2+". */
    String value();
}
