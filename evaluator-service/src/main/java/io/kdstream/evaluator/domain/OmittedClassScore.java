package io.kdstream.evaluator.domain;

/**
 * How a student whose transfer set left a class out does on that class once its output bias is
 * tuned: a student that never saw a 3 may have learnt what a 3 looks like from the teacher's soft
 * targets and still rarely predict it, because nothing ever pushed that class's bias up (Hinton,
 * Vinyals and Dean 2015, section 3). The bias is chosen on the held-out slice of the training
 * split, which no such job trains on; the test set only measures.
 *
 * @param omittedClass the class the transfer set left out
 * @param bias added to that class's logit; maximises accuracy on the held-out slice
 * @param heldOutImages images of the held-out slice
 * @param heldOutAccuracy accuracy on the held-out slice with the bias
 * @param adjustedAccuracy test accuracy with the bias, all classes
 * @param adjustedClassAccuracy test accuracy on the omitted class with the bias
 */
public record OmittedClassScore(
        int omittedClass,
        double bias,
        int heldOutImages,
        double heldOutAccuracy,
        double adjustedAccuracy,
        double adjustedClassAccuracy) {}
