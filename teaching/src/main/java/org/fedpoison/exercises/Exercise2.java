package org.fedpoison.exercises;

import java.math.BigDecimal;
import java.math.MathContext;
import org.fedpoison.leverage.Leverage;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * Checker for Exercise 35.4.2, "Boost Factor Under Unequal Weights".
 *
 * <p>The reader weights the mean-estimation average by example counts {@code n_k}
 * ({@code α_k = n_k / Σ n}), gives the attacker {@code m} the smallest client, and crafts the
 * model-replacement report {@code w_m = (1/α_m)(w_target − Σ_{k≠m} α_k w_k)}. The checker
 * recomputes it with {@link Leverage#replacementUpdate(double, double[], double[], int)} and
 * accepts the reader's report if the weighted average it produces is within {@value #TOLERANCE}
 * of the target (the text's own test), or if it equals the recomputed report to a relative
 * {@value #TOLERANCE}. {@link #normVersusShare} tabulates how the report's size grows as
 * {@code α_m} shrinks: {@code |w_m|} scales like {@code 1/α_m}, so a small client must shout
 * louder, and a norm-clipping bound {@code B} caps exactly that.
 *
 * <p>Wrong answers (including inconsistent lengths or a bad index) give feedback, never an
 * exception; only null arrays throw {@code IllegalArgumentException}.
 */
public final class Exercise2 {
    /** How close the weighted average must come to the target. */
    public static final double TOLERANCE = 1e-9;

    private Exercise2() {}

    /**
     * Checks a crafted replacement report.
     *
     * @param exampleCounts every client's example count {@code n_k} (the attacker's included)
     * @param attacker      the attacker's index {@code m}
     * @param honestValues  every client's report; entry {@code m} is ignored (it is what the
     *                      attacker would have sent honestly)
     * @param target        the value the attacker wants the weighted average to take
     * @param craftedUpdate the report the reader computed for the attacker
     * @return feedback, correct when the report lands on the target under these weights
     * @throws IllegalArgumentException if an array is null
     */
    public static Feedback check(double[] exampleCounts, int attacker, double[] honestValues,
                                 double target, double craftedUpdate) {
        if (exampleCounts == null || honestValues == null) {
            throw new IllegalArgumentException((exampleCounts == null ? "exampleCounts" : "honestValues")
                    + " is null: fill in the stub cell before checking");
        }
        int K = exampleCounts.length;
        if (K < 2) {
            return Feedback.notYet("use at least two clients (got " + K + " example counts)");
        }
        if (honestValues.length != K) {
            return Feedback.notYet("give one value per client: " + K + " example counts but "
                    + honestValues.length + " honest values (the attacker's own entry is ignored)");
        }
        if (attacker < 0 || attacker >= K) {
            return Feedback.notYet("attacker = " + attacker + " is not a client index; allowed 0.." + (K - 1));
        }
        for (int k = 0; k < K; k++) {
            if (!(exampleCounts[k] >= 0) || Double.isInfinite(exampleCounts[k])) {
                return Feedback.notYet("example count of client " + k + " is " + exampleCounts[k]
                        + "; counts must be finite and >= 0");
            }
            if (k != attacker && !Double.isFinite(honestValues[k])) {
                return Feedback.notYet("honest value of client " + k + " is " + honestValues[k] + "; it must be finite");
            }
        }
        if (!Double.isFinite(target)) {
            return Feedback.notYet("target is " + target + "; choose a finite target");
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double n : exampleCounts) {
            min = Math.min(min, n);
            max = Math.max(max, n);
        }
        if (min == max) {
            return Feedback.notYet("all clients have " + fmt(min) + " examples, so the weights are equal;"
                    + " the exercise asks for unequal example counts");
        }
        if (exampleCounts[attacker] > min) {
            return Feedback.notYet("the attacker (client " + attacker + ", " + fmt(exampleCounts[attacker])
                    + " examples) should have the smallest weight, but another client has only " + fmt(min));
        }
        if (exampleCounts[attacker] == 0) {
            return Feedback.notYet("the attacker has 0 examples, so its share α_m is 0 and no report can move the"
                    + " average; give it a small positive count");
        }
        if (!Double.isFinite(craftedUpdate)) {
            return Feedback.notYet("the crafted update is " + craftedUpdate + "; it must be a finite number");
        }
        double alpha = Leverage.share(exampleCounts, attacker);
        double expected = Leverage.replacementUpdate(target, honestValues, exampleCounts, attacker);
        double[] sent = honestValues.clone();
        sent[attacker] = craftedUpdate;
        double landed = Leverage.weightedMean(sent, exampleCounts);
        boolean lands = Math.abs(landed - target) <= TOLERANCE
                || Math.abs(craftedUpdate - expected) <= TOLERANCE * Math.max(1, Math.abs(expected));
        if (lands) {
            return Feedback.correct("with α_m = " + fmt(alpha) + " the attacker boosts by 1/α_m = " + fmt(1 / alpha)
                    + "; its report " + fmt(craftedUpdate) + " puts the weighted average at " + fmt(landed)
                    + " (target " + fmt(target) + "). The smaller α_m, the larger the report must be,"
                    + " which is exactly what a norm-clipping bound B caps.");
        }
        double equalWeights = Leverage.replacementUpdate(target, honestValues, attacker);
        if (Math.abs(craftedUpdate - equalWeights) <= TOLERANCE * Math.max(1, Math.abs(equalWeights))) {
            return Feedback.notYet("that is the equal-weight report K·target − Σ others; with unequal weights"
                    + " use w_m = (1/α_m)(target − Σ_{k≠m} α_k w_k) with α_k = n_k/Σn (here α_m = " + fmt(alpha) + ")");
        }
        return Feedback.notYet("your report puts the weighted average at " + fmt(landed) + ", not at the target "
                + fmt(target) + "; use w_m = (1/α_m)(target − Σ_{k≠m} α_k w_k) with α_k = n_k/Σn (here α_m = "
                + fmt(alpha) + ")");
    }

    /**
     * A table of the replacement report against the attacker's share: for each count in
     * {@code attackerCounts}, the attacker's example count is set to it (the other clients keep
     * theirs) and the columns are {@code attacker_examples}, {@code alpha_m}, {@code boost}
     * ({@code 1/α_m}), {@code update} ({@code w_m}) and {@code norm} ({@code |w_m|}).
     *
     * @throws IllegalArgumentException for null arrays, lengths that differ, bad counts or a bad index
     */
    public static Table normVersusShare(double[] exampleCounts, int attacker, double[] honestValues,
                                        double target, double... attackerCounts) {
        if (exampleCounts == null || honestValues == null || attackerCounts == null) {
            throw new IllegalArgumentException("exampleCounts, honestValues and attackerCounts must not be null");
        }
        if (attacker < 0 || attacker >= exampleCounts.length) {
            throw new IllegalArgumentException("attacker = " + attacker + " is not a client index; allowed 0.."
                    + (exampleCounts.length - 1));
        }
        DoubleColumn examples = DoubleColumn.create("attacker_examples");
        DoubleColumn alphas = DoubleColumn.create("alpha_m");
        DoubleColumn boosts = DoubleColumn.create("boost");
        DoubleColumn updates = DoubleColumn.create("update");
        DoubleColumn norms = DoubleColumn.create("norm");
        for (double n : attackerCounts) {
            double[] counts = exampleCounts.clone();
            counts[attacker] = n;
            double alpha = Leverage.share(counts, attacker);
            double w = Leverage.replacementUpdate(target, honestValues, counts, attacker);
            examples.append(n);
            alphas.append(alpha);
            boosts.append(1 / alpha);
            updates.append(w);
            norms.append(Math.abs(w));
        }
        return Table.create("replacement report vs attacker share", examples, alphas, boosts, updates, norms);
    }

    /** Up to 6 significant digits, no trailing zeros: 76, 0.0131579, -367.887, 1.11022E-15. */
    static String fmt(double x) {
        if (!Double.isFinite(x)) {
            return Double.toString(x);
        }
        if (x == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(x).round(new MathContext(6)).stripTrailingZeros();
        double a = Math.abs(x);
        return a >= 1e-4 && a < 1e7 ? d.toPlainString() : d.toString();
    }
}
