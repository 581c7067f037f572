package org.fedpoison.exercises;

import java.util.Objects;
import org.fedpoison.util.Check;

/**
 * The short "try it" exercises at the end of notebooks 01–06 — ours, not the text's: change one
 * knob of an experiment, write down a prediction, rerun, and check the prediction against what the
 * rerun measured. A {@link Question} names the quantity, how close a prediction must come, a hint
 * pointing at the evidence that helps predicting it, and the explanation shown once the prediction
 * is close. The check is {@link Verdict#UNFILLED} without a prediction, {@link Verdict#WRONG} (with
 * "change the knob first") while the knob still has its default value, and otherwise compares:
 * within the tolerance is {@link Verdict#CORRECT}; outside it, the hint. Nothing throws.
 */
public final class TryIt {
    private TryIt() {}

    /**
     * One try-it question.
     *
     * @param what        the quantity to predict, e.g. "backdoor success after the last round"
     * @param tolerance   how far off (absolutely) a prediction may be and still count, > 0
     * @param hint        where to look before predicting (a cell, a table, a formula)
     * @param explanation what the measurement shows, for a prediction that came close
     */
    public record Question(String what, double tolerance, String hint, String explanation) {
        /** Validates the settings. */
        public Question {
            if (what == null || hint == null || explanation == null) {
                throw new IllegalArgumentException("what, hint and explanation must not be null");
            }
            Check.positive("tolerance", tolerance);
        }

        /**
         * Checks {@code prediction} of {@link #what} against {@code measured}, the value the rerun with
         * the knob at {@code knob} (default {@code knobDefault}) printed.
         */
        public Feedback check(Object knobDefault, Object knob, Double prediction, double measured) {
            Feedback.Parts parts = new Feedback.Parts();
            if (Objects.equals(knobDefault, knob) && prediction == null) {
                parts.unfilled("knob", "change the knob from its default " + knobDefault + ", predict, then rerun");
            } else if (Objects.equals(knobDefault, knob)) {
                parts.wrong("knob", "change the knob from its default " + knobDefault + " first, predict, then rerun");
            } else {
                parts.right("knob");
            }
            if (prediction == null) {
                parts.unfilled("prediction", "write down your prediction of the " + what + " before you rerun");
            } else if (!Double.isFinite(prediction)) {
                parts.wrong("prediction", "a prediction is a finite number");
            } else if (Math.abs(prediction - measured) <= tolerance) {
                parts.right("prediction");
            } else {
                parts.wrong("prediction", "you predicted " + prediction + ", the rerun measured " + String.format(
                        java.util.Locale.ROOT, "%.4f", measured) + " (more than " + tolerance + " off); " + hint);
            }
            return parts.result("you predicted " + prediction + ", the rerun measured "
                    + String.format(java.util.Locale.ROOT, "%.4f", measured) + ". " + explanation);
        }
    }

    /** A try-it question; see {@link Question}. */
    public static Question question(String what, double tolerance, String hint, String explanation) {
        return new Question(what, tolerance, hint, explanation);
    }
}
