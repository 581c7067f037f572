package org.fedpoison.exercises;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiPredicate;
import org.fedpoison.rng.NumpyRng;

/**
 * Checker for Exercise 35.4.3, "How Many Sybils Defeat the Median?".
 *
 * <p>{@code K = }{@value #HONEST} honest clients each report one value; an adversary adds
 * {@code s} sybil reports, all equal to a value {@code a} of its choice, and the server takes the
 * median of the {@code n = K + s} values. <b>Median convention</b>: for an even count, the mean
 * of the two middle values (as {@code np.median}). <b>Control</b>: the adversary can carry the
 * median beyond every honest value in both directions, so by choosing {@code a} it can put the
 * median anywhere it likes (with {@code s = K}, the middle values are the largest honest value
 * {@code h} and {@code a}, and the median {@code (h + a)/2} takes any value above {@code h}).
 * With fewer sybils the median stays between the smallest and largest honest value, whatever
 * {@code a} is. The answer is the threshold {@code s ≥ n/2}, i.e. {@code s ≥ K}: 100 sybils for
 * 100 honest clients. The checker does not trust this derivation: it computes medians with
 * sybils ({@link #controlsMedian}) and compares.
 *
 * <p>Wrong answers give feedback, never an exception; only null arguments throw
 * {@code IllegalArgumentException}.
 */
public final class Exercise3 {
    /** The number of honest clients in the exercise. */
    public static final int HONEST = 100;

    /** How far out the sybils report when {@link #controlsMedian} probes for control. */
    static final double FAR = 1e9;

    private static final Set<String> THRESHOLDS = Set.of(
            "s>=n/2", "2s>=n", "n<=2s", "n/2<=s", "s/n>=1/2", "s/n>=0.5", "s>=0.5n", "s>=n0.5",
            "s>=ceil(n/2)", "s>=n/2.0", "s/n>=50%", "s>=50%n", "s>=50%ofn", "s>=halfofn", "s>=half(n)");

    private Exercise3() {}

    /**
     * The median of {@code values}; for an even count the mean of the two middle values.
     * The input is not modified.
     *
     * @throws IllegalArgumentException if {@code values} is null or empty
     */
    public static double median(double[] values) {
        return org.fedpoison.aggregate.OrderStatistics.median(values);
    }

    /**
     * The median of the honest values together with {@code sybils} copies of {@code sybilValue}.
     *
     * @throws IllegalArgumentException if {@code honest} is null or {@code sybils < 0}
     */
    public static double medianWithSybils(double[] honest, int sybils, double sybilValue) {
        if (honest == null) {
            throw new IllegalArgumentException("honest values are null");
        }
        if (sybils < 0) {
            throw new IllegalArgumentException("sybils = " + sybils + "; need sybils >= 0");
        }
        double[] all = Arrays.copyOf(honest, honest.length + sybils);
        Arrays.fill(all, honest.length, all.length, sybilValue);
        return median(all);
    }

    /**
     * Whether {@code sybils} identities control the median of {@code honest} honest values: with
     * every sybil at {@code +1e9} the median exceeds the largest honest value, and with every
     * sybil at {@code -1e9} it falls below the smallest. The honest values are
     * {@code NumpyRng.defaultRng(honest).standardNormal(honest)}; any values would do.
     *
     * @throws IllegalArgumentException if {@code honest < 1} or {@code sybils < 0}
     */
    public static boolean controlsMedian(int honest, int sybils) {
        if (honest < 1) {
            throw new IllegalArgumentException("honest = " + honest + "; need at least 1 honest client");
        }
        if (sybils < 0) {
            throw new IllegalArgumentException("sybils = " + sybils + "; need sybils >= 0");
        }
        double[] h = NumpyRng.defaultRng(honest).standardNormal(honest);
        double lo = Arrays.stream(h).min().orElseThrow();
        double hi = Arrays.stream(h).max().orElseThrow();
        return medianWithSybils(h, sybils, FAR) > hi && medianWithSybils(h, sybils, -FAR) < lo;
    }

    /** The smallest number of sybils that {@linkplain #controlsMedian controls} the median. */
    public static int minimumSybils(int honest) {
        int s = 0;
        while (!controlsMedian(honest, s)) {
            s++;
        }
        return s;
    }

    /**
     * Checks the number of sybils for {@value #HONEST} honest clients and the threshold written
     * in terms of {@code n = K + s}, e.g. {@code "s >= n/2"} ({@code ≥}, {@code 2s >= n},
     * {@code s/n >= 0.5}, {@code s >= (K+s)/2} and similar spellings are understood).
     *
     * @throws IllegalArgumentException if {@code threshold} is null
     */
    public static Feedback check(int sybils, String threshold) {
        if (threshold == null) {
            throw new IllegalArgumentException("threshold is null: write it as text, e.g. \"s >= ...\"");
        }
        String sybilHint = sybilHint(sybils);
        String t = normaliseThreshold(threshold);
        String thresholdHint = null;
        if (!THRESHOLDS.contains(t)) {
            if (t.equals("s>=k") || t.equals("k<=s")) {
                thresholdHint = "s >= K is right, but the exercise asks for the threshold in terms of the total"
                        + " count n = K + s: what fraction of the n reports must the sybils be?";
            } else if (t.equals("s>n/2") || t.equals("2s>n") || t.equals("s/n>1/2") || t.equals("s/n>0.5")) {
                thresholdHint = "\"" + threshold.trim() + "\" asks for a strict majority, but with an even count the"
                        + " median averages the two middle values, so reaching exactly half (s = n/2) already lets"
                        + " the sybils move it";
            } else {
                thresholdHint = "\"" + threshold.trim() + "\" is not the threshold (or not a spelling we understand):"
                        + " write how large s must be relative to n = K + s, e.g. \"s >= ...\"";
            }
        }
        return combine(sybilHint, thresholdHint);
    }

    /**
     * Checks the number of sybils and a threshold given as a predicate {@code (s, n) -> ...}
     * saying whether {@code s} sybils among {@code n = K + s} reports control the median, e.g.
     * {@code (s, n) -> 2 * s >= n}. The predicate is compared with {@link #controlsMedian} for
     * every {@code n} up to 60 and every {@code s} with at least one honest client.
     *
     * @throws IllegalArgumentException if {@code controls} is null
     */
    public static Feedback check(int sybils, BiPredicate<Integer, Integer> controls) {
        if (controls == null) {
            throw new IllegalArgumentException("controls is null: give a predicate (s, n) -> ...");
        }
        String thresholdHint = null;
        outer:
        for (int n = 1; n <= 60; n++) {
            for (int s = 0; s < n; s++) {
                boolean truth = controlsMedian(n - s, s);
                boolean said;
                try {
                    said = controls.test(s, n);
                } catch (RuntimeException e) {
                    thresholdHint = "your predicate threw " + e + " at s = " + s + ", n = " + n;
                    break outer;
                }
                if (said != truth) {
                    thresholdHint = "at s = " + s + " sybils among n = " + n + " reports your predicate says "
                            + said + ", but computing the median shows the sybils "
                            + (truth ? "do" : "do not") + " control it";
                    break outer;
                }
            }
        }
        return combine(sybilHint(sybils), thresholdHint);
    }

    /**
     * Checks the class of defense that must be added (Section 6): something that makes
     * identities costly, e.g. an admission cost, proof of work, a stake, vetted enrollment or
     * attested device identity. Robust aggregation rules are not the answer.
     *
     * @throws IllegalArgumentException if {@code defense} is null
     */
    public static Feedback checkDefense(String defense) {
        if (defense == null) {
            throw new IllegalArgumentException("defense is null: name a class of defense");
        }
        String d = defense.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", " ").trim();
        List<String> identity = List.of("admission", "identit", "proof of work", "pow", "stake", "enrol",
                "attest", "vetted", "sybil resist", "registration", "cost");
        List<String> aggregation = List.of("median", "trimmed", "krum", "clip", "robust aggregat", "mean");
        boolean namesIdentity = identity.stream().anyMatch(k -> (" " + d + " ").contains(k.equals("pow") ? " pow " : k));
        boolean namesAggregation = aggregation.stream().anyMatch(d::contains);
        if (namesIdentity) {
            return Feedback.correct("sybils are an identity problem, so the fix is to make identities expensive"
                    + " (admission cost, proof of work, stake, vetted enrollment, attested devices); no aggregation"
                    + " rule can tell a manufactured majority from a real one.");
        }
        if (namesAggregation) {
            return Feedback.notYet("\"" + defense.trim() + "\" is an aggregation rule, and every such rule trusts the"
                    + " count of identities; the sybils' majority is manufactured before aggregation starts");
        }
        return Feedback.notYet("name the class of defense from Section 6 that stops an adversary from minting"
                + " identities for free");
    }

    private static String sybilHint(int sybils) {
        int needed = minimumSybils(HONEST);
        if (sybils == needed) {
            return null;
        }
        if (sybils < 0) {
            return "s = " + sybils + " is not a number of sybils";
        }
        if (sybils < needed) {
            int n = HONEST + sybils;
            return "with s = " + sybils + " sybils among n = " + n + " reports the honest values still fill the"
                    + " middle of the sorted list, so the median stays between the smallest and largest honest value"
                    + " (try it: Exercise3.medianWithSybils(honest, " + sybils + ", 1e9))";
        }
        return "s = " + sybils + " sybils do control the median, but fewer suffice: find the smallest s";
    }

    private static Feedback combine(String sybilHint, String thresholdHint) {
        if (sybilHint == null && thresholdHint == null) {
            int s = minimumSybils(HONEST);
            return Feedback.correct("s = " + s + " sybils: then s >= n/2 with n = K + s = " + (HONEST + s)
                    + ", one of the two middle values is the sybils' and the median follows them anywhere; with "
                    + (s - 1) + " sybils it stays within the honest values. Each sybil also shrinks every honest"
                    + " client's share 1/(K + s), while the adversary's share s/(K + s) approaches 1.");
        }
        StringBuilder msg = new StringBuilder();
        if (sybilHint != null) {
            msg.append(sybilHint);
        }
        if (thresholdHint != null) {
            msg.append(msg.length() > 0 ? "; " : "").append(thresholdHint);
        }
        return Feedback.notYet(msg.toString());
    }

    /** Lower case, no spaces, unicode comparison signs as ASCII, (K+s) written as n, no '*'. */
    static String normaliseThreshold(String text) {
        String t = text.toLowerCase(Locale.ROOT)
                .replace('≥', '>').replace('⩾', '>')
                .replace('≤', '<').replace('⩽', '<')
                .replace("⌈", "ceil(").replace("⌉", ")")
                .replaceAll("\\s+", "")
                .replace("*", "").replace("·", "").replace("×", "");
        // ">" alone after the unicode replacement came from ≥, restore ">=" where a unicode sign was used
        if (text.contains("≥") || text.contains("⩾")) {
            t = t.replace(">", ">=").replace(">==", ">=");
        }
        if (text.contains("≤") || text.contains("⩽")) {
            t = t.replace("<", "<=").replace("<==", "<=");
        }
        t = t.replace("(k+s)", "n").replace("(s+k)", "n").replace("k+s", "n").replace("s+k", "n");
        if (t.startsWith("s_min")) {
            t = "s" + t.substring(5);
        }
        return t;
    }
}
