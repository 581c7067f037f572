package org.fedpoison.exercises;

import org.fedpoison.leverage.Leverage;
import org.fedpoison.util.Check;
import org.fedpoison.util.Decimals;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * Checker for Exercise 35.4.2, "Boost Factor Under Unequal Weights". The mean-estimation average of
 * Code 35.4.1 is weighted by example counts {@code n_k} ({@code α_k = n_k / Σ n}), the attacker
 * {@code m} is the smallest client, and it crafts the model-replacement report
 * {@code w_m = (1/α_m)(w_target − Σ_{k≠m} α_k w_k)}. The parts:
 * <ol type="i">
 *   <li>{@link #checkReport}: the report for counts of your choice, which must land the weighted
 *       average on the target;</li>
 *   <li>{@link #checkNorms}: {@code |w_m|} for a few attacker counts, computed by you, and
 *       {@link #checkGrowth}: the factor by which {@code |w_m − w_target|} grows when the attacker's
 *       count halves;</li>
 *   <li>{@link #checkWhy}: why a small client must shout louder (a choice among {@link Reason}s);</li>
 *   <li>{@link #checkClipping}: what that means under norm clipping — the largest shift a clipped
 *       attacker of share {@code α_m} can cause, and the implication ({@link Implication}).</li>
 * </ol>
 * Every check recomputes the answer with {@link Leverage}; numbers are judged by {@link Numbers}
 * (so the printed four decimals are accepted, a coarser rounding is "close"). Nothing throws:
 * {@code null} is an unfilled answer, and inconsistent inputs get a hint.
 */
public final class Exercise2 {
    /** How close the weighted average must come to the target for an exact report. */
    public static final double TOLERANCE = 1e-9;

    private Exercise2() {}

    /** The stated reasons and implications, one per line, as a notebook shows them before the answer cells. */
    public static String reasons() {
        StringBuilder b = new StringBuilder();
        for (Reason r : Reason.values()) {
            b.append("Exercise2.Reason.").append(r.name()).append(": ").append(r.text()).append('\n');
        }
        for (Implication r : Implication.values()) {
            b.append("Exercise2.Implication.").append(r.name()).append(": ").append(r.text()).append('\n');
        }
        return b.toString().strip();
    }

    /** Why a small client must send a larger report (one is right). */
    public enum Reason {
        /** Right. */
        SHARE_SCALES_REPORT("the average multiplies a report by its share α_m, so to move the average as far a client"
                + " with a smaller share must send a report 1/α_m times as large"),
        /** Distractor. */
        NOISIER_DATA("small datasets give noisier updates, which are larger anyway"),
        /** Distractor. */
        SERVER_DISTRUSTS_SMALL("the server trusts small clients less and shrinks their reports"),
        /** Distractor. */
        FEWER_ROUNDS("small clients take part in fewer rounds, so each report must do more");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        /** The reason in words. */
        public String text() {
            return text;
        }
    }

    /** What the growth means for a norm-clipping defence (one is right). */
    public enum Implication {
        /** Right. */
        CLIPPING_CONTAINS_SMALL("with every report clipped to norm B, a client of share α_m moves the average by at most"
                + " 2·α_m·B, so the smaller the attacker the less it can do (unless it lies about its example count)"),
        /** Distractor. */
        CLIPPING_USELESS("clipping cannot contain it, because the attacker can always boost further"),
        /** Distractor. */
        ONLY_LARGE_CLIENTS("only large clients need clipping; small ones are harmless anyway"),
        /** Distractor. */
        CLIPPING_HELPS_ATTACKER("clipping helps the attacker, because the honest reports are shortened too");

        private final String text;

        Implication(String text) {
            this.text = text;
        }

        /** The implication in words. */
        public String text() {
            return text;
        }
    }

    /** Validates the weights part; returns the attacker's share, or NaN (and a hint) when not usable. */
    private static double weights(Feedback.Parts parts, String part, double[] exampleCounts, Integer attacker,
                                  double[] honestValues) {
        if (exampleCounts == null || attacker == null) {
            parts.unfilled(part, "choose the example counts (one per client) and the attacker's index");
            return Double.NaN;
        }
        int K = exampleCounts.length;
        if (honestValues == null || honestValues.length != K) {
            parts.wrong(part, "give one example count per honest value: " + K + " counts for "
                    + (honestValues == null ? "no" : String.valueOf(honestValues.length)) + " values");
            return Double.NaN;
        }
        if (attacker < 0 || attacker >= K) {
            parts.wrong(part, "attacker = " + attacker + " is not a client index; allowed 0.." + (K - 1));
            return Double.NaN;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < K; k++) {
            double n = exampleCounts[k];
            if (!(n > 0) || Double.isInfinite(n)) {
                parts.wrong(part, "client " + k + " has " + n + " examples; counts must be finite and > 0");
                return Double.NaN;
            }
            if (k != attacker && !Double.isFinite(honestValues[k])) {
                parts.wrong(part, "honest value of client " + k + " is " + honestValues[k]);
                return Double.NaN;
            }
            min = Math.min(min, n);
            max = Math.max(max, n);
        }
        if (min == max) {
            parts.wrong(part, "all clients have " + fmt(min) + " examples, so the weights are equal; the exercise asks"
                    + " for unequal counts");
            return Double.NaN;
        }
        if (exampleCounts[attacker] > min) {
            parts.wrong(part, "the attacker (client " + attacker + ") should be the smallest client, but another one"
                    + " has fewer examples");
            return Double.NaN;
        }
        parts.right(part);
        return Leverage.share(exampleCounts, attacker);
    }

    /**
     * Part (i): the report {@code craftedUpdate} the attacker sends so that the weighted average is
     * {@code target}. {@code honestValues[attacker]} is ignored (it is what the attacker would have
     * sent honestly).
     */
    public static Feedback checkReport(double[] exampleCounts, Integer attacker, double[] honestValues, double target,
                                       Double craftedUpdate) {
        Feedback.Parts parts = new Feedback.Parts();
        double alpha = weights(parts, "(i) weights", exampleCounts, attacker, honestValues);
        if (Double.isNaN(alpha)) {
            if (craftedUpdate == null) {
                parts.unfilled("(i) report", "compute the attacker's report");
            } else {
                parts.wrong("(i) report", "fix the weights first; the report depends on them");
            }
            return parts.result("");
        }
        double expected = Leverage.replacementUpdate(target, honestValues, exampleCounts, attacker);
        boolean exact = false;
        if (craftedUpdate != null && Double.isFinite(craftedUpdate)) {
            double[] sent = honestValues.clone();
            sent[attacker] = craftedUpdate;
            exact = Math.abs(Leverage.weightedMean(sent, exampleCounts) - target) <= TOLERANCE;
        }
        String hint;
        double equalWeights = Leverage.replacementUpdate(target, honestValues, attacker);
        if (craftedUpdate != null && Numbers.judge(craftedUpdate, equalWeights) == Verdict.CORRECT) {
            hint = "that is the equal-weight report K·target − Σ others; with unequal weights every α_k = n_k/Σn"
                    + " enters (here α_m = " + fmt(alpha) + ")";
        } else {
            hint = "see where your report lands: `double[] sent = honestValues.clone(); sent[attacker] = craftedUpdate;"
                    + " Leverage.weightedMean(sent, exampleCounts)`, then solve the text's general formula for w_m";
        }
        if (exact) {
            parts.right("(i) report");
        } else {
            parts.number("(i) report", craftedUpdate, expected, "compute the attacker's report", hint);
        }
        return parts.result("with α_m = " + fmt(alpha) + " the attacker boosts by 1/α_m = " + fmt(1 / alpha)
                + ": its report " + fmt(expected) + " puts the weighted average on the target " + fmt(target)
                + ". Every honest α_k·w_k is subtracted first, and what remains is divided by the attacker's own share.");
    }

    /**
     * Part (ii): {@code norms[i]} is your {@code |w_m|} when the attacker holds
     * {@code attackerCounts[i]} examples (the other clients keep their counts). At least three
     * different counts.
     */
    public static Feedback checkNorms(double[] exampleCounts, Integer attacker, double[] honestValues, double target,
                                      double[] attackerCounts, double[] norms) {
        Feedback.Parts parts = new Feedback.Parts();
        double alpha = weights(parts, "(ii) weights", exampleCounts, attacker, honestValues);
        if (Double.isNaN(alpha)) {
            return parts.result("");
        }
        if (attackerCounts == null || norms == null) {
            parts.unfilled("(ii) norms", "choose at least three attacker counts and compute |w_m| for each");
            return parts.result("");
        }
        if (attackerCounts.length < 3 || norms.length != attackerCounts.length) {
            parts.wrong("(ii) norms", "give at least three attacker counts and one norm per count (" + attackerCounts.length
                    + " counts, " + norms.length + " norms)");
            return parts.result("");
        }
        int right = 0;
        int close = 0;
        StringBuilder firstWrong = null;
        for (int i = 0; i < attackerCounts.length; i++) {
            double n = attackerCounts[i];
            if (!(n > 0) || Double.isInfinite(n)) {
                parts.wrong("(ii) norms", "attacker count " + n + " is not a positive number");
                return parts.result("");
            }
            double[] counts = exampleCounts.clone();
            counts[attacker] = n;
            double expected = Math.abs(Leverage.replacementUpdate(target, honestValues, counts, attacker));
            Verdict v = Numbers.judge(norms[i], expected);
            if (v == Verdict.CORRECT) {
                right++;
            } else if (v == Verdict.CLOSE) {
                close++;
            } else if (firstWrong == null) {
                firstWrong = new StringBuilder("the norm for " + fmt(n) + " attacker examples is not right yet");
            }
        }
        if (firstWrong != null) {
            parts.wrong("(ii) norms", right + " of " + norms.length + " right; " + firstWrong
                    + ": redo part (i) with that count in place of the attacker's, and take the absolute value");
        } else if (close > 0) {
            parts.close("(ii) norms", close + " of the norms are rounded; keep every digit");
        } else {
            parts.right("(ii) norms");
        }
        return parts.result("|w_m| grows as the attacker's count shrinks: with target " + fmt(target) + ", "
                + "|w_m − target| is proportional to 1/n_m exactly, since α_k/α_m = n_k/n_m.");
    }

    /** Part (ii), the pattern: the factor by which {@code |w_m − w_target|} grows when the attacker's example count halves. */
    public static Feedback checkGrowth(Double factor) {
        Feedback.Parts parts = new Feedback.Parts();
        parts.number("(ii) growth", factor, 2.0, "read the factor off your norms (or compute the ratio of two of them)",
                "compare two of your norms whose attacker counts differ by a factor of two (take the target 0, or"
                        + " subtract it first)");
        return parts.result("halving n_m doubles |w_m − w_target|: w_m − w_target = (Σ_{k≠m} n_k (w_target − w_k))/n_m,"
                + " and only the denominator changes.");
    }

    /** Part (iii): why a small client must shout louder. */
    public static Feedback checkWhy(Reason why) {
        Feedback.Parts parts = new Feedback.Parts();
        if (why == null) {
            parts.unfilled("(iii) why", "choose one of Exercise2.Reason");
        } else if (why == Reason.SHARE_SCALES_REPORT) {
            parts.right("(iii) why");
        } else {
            parts.wrong("(iii) why", "Code 35.4.1 has no noise in the attacker's report, no trust score and a single"
                    + " round; what in the weighted average itself depends on n_m?");
        }
        return parts.result("the weighted average multiplies each report by its share: a client of share α_m must"
                + " send 1/α_m times the change it wants to cause.");
    }

    /**
     * Part (iv): with every report clipped to norm {@code bound} before the weighted average,
     * {@code maxShift} is the largest shift of the average your attacker can cause; and the
     * implication for the defence.
     */
    public static Feedback checkClipping(double[] exampleCounts, Integer attacker, double bound, Double maxShift,
                                         Implication implication) {
        Feedback.Parts parts = new Feedback.Parts();
        double alpha = weights(parts, "(iv) weights", exampleCounts, attacker,
                exampleCounts == null ? null : new double[exampleCounts.length]);
        if (!Double.isNaN(alpha)) {
            if (!(bound > 0) || Double.isInfinite(bound)) {
                parts.wrong("(iv) largest shift", "the clipping bound must be a positive number, not " + bound);
            } else {
                parts.number("(iv) largest shift", maxShift, 2 * alpha * bound, "compute the largest shift",
                        "the attacker's clipped report and the honest one it replaces each have norm at most B;"
                                + " how far apart can they be, and what share of that gap reaches the average?");
            }
        } else if (maxShift == null) {
            parts.unfilled("(iv) largest shift", "compute the largest shift");
        }
        if (implication == null) {
            parts.unfilled("(iv) implication", "choose one of Exercise2.Implication");
        } else if (implication == Implication.CLIPPING_CONTAINS_SMALL) {
            parts.right("(iv) implication");
        } else {
            parts.wrong("(iv) implication", "compare your largest shift with the report the attacker needed in part (i):"
                    + " can a clipped report still land the target?");
        }
        return parts.result("clipped to B, the report and the honest one it replaces are at most 2B apart, and the"
                + " average passes on α_m of that gap: at most 2·α_m·B (the text's 2B/K when α_m = 1/K). A small"
                + " client, which needed the largest report, is the most contained — so the attacker's better move is"
                + " to claim a large example count, which the server should not take on trust.");
    }

    /** The worked answer to every part, for the example counts of the solutions notebook. */
    public static Feedback reveal() {
        return Feedback.revealed("(i) w_m = (1/α_m)(w_target − Σ_{k≠m} α_k w_k) with α_k = n_k/Σn; Leverage.replacementUpdate"
                + " computes it · (ii) |w_m − w_target| ∝ 1/n_m: halving the attacker's count doubles it (factor 2) ·"
                + " (iii) SHARE_SCALES_REPORT · (iv) at most 2·α_m·B, CLIPPING_CONTAINS_SMALL.");
    }

    /**
     * A table of the replacement report against the attacker's share (for the solutions): for each
     * count in {@code attackerCounts}, the attacker's example count is set to it and the columns are
     * {@code attacker_examples}, {@code alpha_m}, {@code boost} ({@code 1/α_m}), {@code update}
     * ({@code w_m}) and {@code norm} ({@code |w_m|}).
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
            Check.positive("attacker count", n);
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
        return Decimals.significant(x, 6);
    }
}
