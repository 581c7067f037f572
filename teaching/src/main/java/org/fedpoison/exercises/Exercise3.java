package org.fedpoison.exercises;

import java.util.Arrays;
import java.util.Set;
import java.util.function.BiPredicate;
import org.fedpoison.rng.NumpyRng;

/**
 * Checker for Exercise 35.4.3, "How Many Sybils Defeat the Median?". {@code K = }{@value #HONEST}
 * honest clients each report one value; an adversary adds {@code s} sybil reports of a value of its
 * choice, and the server takes the median of the {@code n = K + s} values.
 *
 * <p>The conventions the answer depends on ({@link #conventions()}): <b>median</b> of an even count
 * = the mean of the two middle values (as {@code np.median}); <b>control</b> = the adversary can
 * carry the median beyond every honest value in both directions, so by choosing its value it can put
 * the median anywhere. The checker does not trust a derivation: it computes medians with sybils
 * ({@link #controlsMedian}) and compares.
 *
 * <p>The parts: the number of sybils ({@link #checkSybils}); the threshold in terms of {@code n}
 * ({@link #checkThreshold(String)} or, as a predicate, {@link #checkThreshold(BiPredicate)}); why no
 * rule alone can fix it — the largest adversarial fraction any rule can survive and the reason
 * ({@link #checkNoRuleAlone}); the class of defence to add ({@link #checkDefence(Defence)}, or in words
 * {@link #checkDefence(String)}); and the link to {@code ‖Δ‖ ≤ 2B/K}: the effective {@code K}
 * ({@link #checkEffectiveK}). Nothing throws: {@code null} is an unfilled answer.
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

    /** The stated reasons and defences, one per line, as a notebook shows them before the answer cells. */
    public static String reasons() {
        StringBuilder b = new StringBuilder();
        for (Reason r : Reason.values()) {
            b.append("Exercise3.Reason.").append(r.name()).append(": ").append(r.text()).append('\n');
        }
        for (Defence d : Defence.values()) {
            b.append("Exercise3.Defence.").append(d.name()).append('\n');
        }
        return b.toString().strip();
    }

    /** Why no aggregation rule alone can fix a manufactured majority (one is right). */
    public enum Reason {
        /** Right. */
        COUNT_IS_TRUSTED("a rule decides from the reports it is given; s ≥ K well-formed sybil reports look exactly like"
                + " K clients that agree, so no rule can tell which half is honest"),
        /** Distractor. */
        SYBILS_ARE_OUTLIERS("sybil reports are outliers, which a cleverer rule would spot"),
        /** Distractor. */
        RULES_TOO_SLOW("robust rules are too slow to run on 200 clients"),
        /** Distractor. */
        REPORTS_ENCRYPTED("the reports are encrypted, so no rule can read them");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        /** The reason in words. */
        public String text() {
            return text;
        }
    }

    /** Classes of defence (one is the answer of Section 6). */
    public enum Defence {
        /** Right: make identities cost something (proof of work, stake, vetted enrollment, attestation). */
        ADMISSION_COST,
        /** Bound every update's norm. */
        NORM_CLIPPING,
        /** A more robust aggregation rule (Krum, trimmed mean, ...). */
        BETTER_ROBUST_RULE,
        /** Add noise to the aggregate for privacy. */
        DIFFERENTIAL_PRIVACY,
        /** Train for more rounds so honest updates wash the poison out. */
        MORE_ROUNDS
    }

    static final FreeText.Concept IDENTITY_COST = FreeText.Concept.of("identity cost",
            "\\badmission (cost|fee|control|price|charge|barrier)",
            "\\b(cost|price|fee|charge|payment|toll|deposit)s? (for|of|per|on|to) (each |every |an |a |new |every new )?"
                    + "(identit|client|join|registr|enrol|account|participant|device|sign)",
            "\\b(make|making|makes|render) (each |every |an |a |new )?(identit\\w*|joining|registration|enrol\\w*|new clients"
                    + "|accounts|sybils|fake clients) (costly|expensive|cost something|not free|hard to (get|mint|obtain))",
            "\\b(identit\\w*|joining|registration|accounts) (costly|expensive|that cost|must cost|should cost|cost money)",
            "\\b(charg\\w*|pay\\w*) (\\w+ ){0,2}(for|to) (joining|join|identit\\w*|registr\\w*|each identity|an identity)",
            "\\bproof of (work|stake)", "\\bpow\\b", "\\bstak(e|es|ing)\\b",
            "\\b(vetted|verified|checked|controlled) (enrol\\w*|registration|identit\\w*|clients|participants|devices|admission)",
            "\\battest(ed|ation)\\b", "\\bidentity (verification|check|vetting|proof)", "\\bsybil resist");

    private static final FreeText.Concept AGGREGATION = FreeText.Concept.of("aggregation",
            "\\bmedian", "\\btrimmed", "\\bkrum", "\\bclip", "\\brobust (aggregat|rule)", "\\bmean\\b", "\\baggregat");

    /** The conventions the expected answer depends on. */
    public static String conventions() {
        return "median of an even count: the mean of the two middle values (as np.median); the adversary controls the"
                + " median if, by choosing the value its sybils report, it can carry the median beyond the largest and"
                + " below the smallest honest value; n = K + s counts every identity.";
    }

    /** The {@value #HONEST} honest reports the checker uses ({@code NumpyRng.defaultRng(100).standardNormal(100)}), a new array. */
    public static double[] honestValues() {
        return NumpyRng.defaultRng(HONEST).standardNormal(HONEST);
    }

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
     * every sybil at {@code +1e9} the median exceeds the largest honest value, and with every sybil
     * at {@code -1e9} it falls below the smallest. The honest values are
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

    /** Part 1: the smallest number of sybils that controls the median of {@value #HONEST} honest values. */
    public static Feedback checkSybils(Integer sybils) {
        Feedback.Parts parts = new Feedback.Parts();
        sybilPart(parts, sybils);
        return parts.result(sybilExplanation());
    }

    private static void sybilPart(Feedback.Parts parts, Integer sybils) {
        int needed = minimumSybils(HONEST);
        String try_ = "`Exercise3.medianWithSybils(Exercise3.honestValues(), " + (sybils == null ? 50 : Math.max(0, sybils))
                + ", 1e9)` against the largest honest value, `Arrays.stream(Exercise3.honestValues()).max()`";
        if (sybils == null) {
            parts.unfilled("(1) sybils", "give a number; experiment with " + try_);
        } else if (sybils == needed) {
            parts.right("(1) sybils");
        } else if (sybils < 0) {
            parts.wrong("(1) sybils", sybils + " is not a number of identities");
        } else if (sybils < needed) {
            parts.wrong("(1) sybils", "with " + sybils + " sybils, compare " + try_
                    + ", and the same with -1e9 against the smallest (see Exercise3.conventions())");
        } else {
            parts.wrong("(1) sybils", sybils + " sybils do control the median; find the smallest number that does, with "
                    + try_);
        }
    }

    private static String sybilExplanation() {
        int s = minimumSybils(HONEST);
        return "s = " + s + ": then n = K + s = " + (HONEST + s) + ", one of the two middle values is the sybils' and the"
                + " median follows them anywhere; with " + (s - 1) + " the middle is still honest and the median stays"
                + " between the smallest and the largest honest value.";
    }

    /**
     * Part 2: the threshold written in terms of {@code n = K + s}, e.g. {@code "s >= n/2"}
     * ({@code ≥}, {@code 2s >= n}, {@code s/n >= 0.5}, {@code s >= (K+s)/2} and similar spellings
     * are understood).
     */
    public static Feedback checkThreshold(String threshold) {
        Feedback.Parts parts = new Feedback.Parts();
        if (FreeText.blank(threshold)) {
            parts.unfilled("(2) threshold", "write it as text, \"s >= ...\" in terms of n = K + s");
            return parts.result("");
        }
        String t = normaliseThreshold(threshold);
        if (THRESHOLDS.contains(t)) {
            parts.right("(2) threshold");
        } else if (t.equals("s>=k") || t.equals("k<=s")) {
            parts.wrong("(2) threshold", "that is in terms of the honest count K; the exercise asks for the total n = K + s:"
                    + " what fraction of the n reports must be the sybils'?");
        } else if (t.equals("s>n/2") || t.equals("2s>n") || t.equals("s/n>1/2") || t.equals("s/n>0.5")) {
            parts.wrong("(2) threshold", "check the boundary case where the sybils are exactly half of the reports, with the median"
                    + " convention of an even count (Exercise3.conventions()); `Exercise3.controlsMedian(2, 2)`");
        } else {
            parts.wrong("(2) threshold", "\"" + threshold.trim() + "\" is not it (or not a spelling this checker reads):"
                    + " write how large s must be relative to n = K + s, e.g. \"s >= ...\"; test your rule on small cases"
                    + " with `Exercise3.controlsMedian(3, 2)`, `Exercise3.controlsMedian(3, 3)`");
        }
        return parts.result("s ≥ n/2 with n = K + s, i.e. s ≥ K: the sybils must be at least half of all reports.");
    }

    /**
     * Part 2 as a predicate {@code (s, n) -> ...} saying whether {@code s} sybils among
     * {@code n = K + s} reports control the median, e.g. {@code (s, n) -> 2 * s >= n}. It is
     * compared with {@link #controlsMedian} for every {@code n} up to 60 and every {@code s} with at
     * least one honest client.
     */
    public static Feedback checkThreshold(BiPredicate<Integer, Integer> controls) {
        Feedback.Parts parts = new Feedback.Parts();
        if (controls == null) {
            parts.unfilled("(2) threshold", "give a predicate (s, n) -> ...");
            return parts.result("");
        }
        String hint = null;
        outer:
        for (int n = 1; n <= 60; n++) {
            for (int s = 0; s < n; s++) {
                boolean truth = controlsMedian(n - s, s);
                boolean said;
                try {
                    said = controls.test(s, n);
                } catch (RuntimeException e) {
                    hint = "your predicate threw " + e + " at s = " + s + ", n = " + n;
                    break outer;
                }
                if (said != truth) {
                    hint = "at s = " + s + " sybils among n = " + n + " reports your predicate says " + said
                            + "; compute it: `Exercise3.controlsMedian(" + (n - s) + ", " + s + ")`";
                    break outer;
                }
            }
        }
        if (hint == null) {
            parts.right("(2) threshold");
        } else {
            parts.wrong("(2) threshold", hint);
        }
        return parts.result("s ≥ n/2 with n = K + s, i.e. s ≥ K: the sybils must be at least half of all reports.");
    }

    /**
     * Part 3, "why no robust aggregation rule alone can fix this": {@code maxFraction} is the largest
     * share of identities an adversary can hold while some rule that treats every identity alike
     * can still resist it (the best possible breakdown point), and {@code why} the reason.
     */
    public static Feedback checkNoRuleAlone(Double maxFraction, Reason why) {
        Feedback.Parts parts = new Feedback.Parts();
        String fractionHint = "notebook 06's section 6.3 measured where the median, the trimmed mean and Krum break;"
                + " now imagine the sybils and the honest clients swapping roles: can a rule tell the two groups apart?";
        Verdict v = Numbers.judge(maxFraction, 0.5);
        if (maxFraction != null && v == Verdict.WRONG && Math.abs(maxFraction - 0.5) <= 1e-9) {
            v = Verdict.CORRECT;
        }
        switch (v) {
            case UNFILLED -> parts.unfilled("(3) largest fraction", "give a number between 0 and 1");
            case CORRECT -> parts.right("(3) largest fraction");
            default -> parts.wrong("(3) largest fraction", maxFraction != null && maxFraction > 0.5 && maxFraction <= 1
                    ? "if the adversary held more than half, which group would 'the majority' be? " + fractionHint
                    : fractionHint);
        }
        if (why == null) {
            parts.unfilled("(3) reason", "choose one of Exercise3.Reason");
        } else if (why == Reason.COUNT_IS_TRUSTED) {
            parts.right("(3) reason");
        } else {
            parts.wrong("(3) reason", "the sybils of notebook 06 sent one ordinary, unencrypted vector each, and the rules"
                    + " ran in milliseconds; what did the rules have to go on?");
        }
        return parts.result("no rule that treats identities alike survives more than half: with s ≥ K the sybils' reports"
                + " and the honest ones are two equally large groups that agree within themselves, and swapping their"
                + " roles gives the rule the same input, so whatever it does it must side with one of them. The majority"
                + " was manufactured before aggregation began; only the count of identities can be defended.");
    }

    /** Part 4: the class of defence Section 6 adds. */
    public static Feedback checkDefence(Defence defence) {
        Feedback.Parts parts = new Feedback.Parts();
        if (defence == null) {
            parts.unfilled("(4) defence", "choose one of Exercise3.Defence");
        } else if (defence == Defence.ADMISSION_COST) {
            parts.right("(4) defence");
        } else {
            parts.wrong("(4) defence", "your part (3) says no rule applied to the reports can win; the defence must act"
                    + " before the reports exist (notebook 06, section 6.4)");
        }
        return parts.result(defenceExplanation());
    }

    /** Part 4 in your words ("make identities cost something: ..."); negations are read as such. */
    public static Feedback checkDefence(String defence) {
        Feedback.Parts parts = new Feedback.Parts();
        if (FreeText.blank(defence)) {
            parts.unfilled("(4) defence", "name, in a few words, a class of defence");
            return parts.result("");
        }
        switch (IDENTITY_COST.stance(defence)) {
            case AFFIRMED -> parts.right("(4) defence");
            case NEGATED -> parts.wrong("(4) defence", "your answer names the right family only to rule it out;"
                    + " reread notebook 06, section 6.4");
            default -> parts.wrong("(4) defence", AGGREGATION.affirmedBy(defence)
                    ? "that is a rule applied to the reports, and part (3) says no such rule suffices; what acts before"
                    + " a report exists? (notebook 06, section 6.4)"
                    : "what stops one adversary from registering many identities? (notebook 06, section 6.4)");
        }
        return parts.result(defenceExplanation());
    }

    private static String defenceExplanation() {
        return "sybils are an identity problem: make every identity cost something (an admission cost: proof of work,"
                + " a stake, vetted enrollment, attested devices), so that a majority cannot be minted for free.";
    }

    /**
     * Part 5, the link to {@code ‖Δ‖ ≤ 2B/K}: with every update clipped to {@code B}, the adversary's
     * {@code s} sybils among {@code K + s} equal-weight clients move the mean by at most
     * {@code 2B·s/(K+s)}. Written as {@code 2B/K_eff}, give {@code K_eff} for {@code s = 100} and
     * {@code s = 1000} (with {@code K = }{@value #HONEST}).
     */
    public static Feedback checkEffectiveK(Double atS100, Double atS1000) {
        Feedback.Parts parts = new Feedback.Parts();
        String hint = "set 2B·s/(K+s) equal to 2B/K_eff and solve for K_eff";
        parts.number("(5) K_eff at s = 100", atS100, effectiveK(HONEST, 100), "compute K_eff for s = 100", hint);
        parts.number("(5) K_eff at s = 1000", atS1000, effectiveK(HONEST, 1000), "compute K_eff for s = 1000", hint);
        return parts.result("K_eff = (K + s)/s: 2 at s = 100 and 1.1 at s = 1000. The bound 2B/K protects honest"
                + " clients through the number of independent voices; every sybil is another voice of the same"
                + " adversary, and as s grows K_eff falls towards 1 — the adversary moves the mean as if it were the only"
                + " client (2B), while each honest client's share 1/(K+s) shrinks.");
    }

    /** {@code (K + s) / s}: the client count at which one honest-looking client has the adversary's reach. */
    public static double effectiveK(int honest, int sybils) {
        if (honest < 0 || sybils < 1) {
            throw new IllegalArgumentException("need honest >= 0 and sybils >= 1, got " + honest + ", " + sybils);
        }
        return (honest + sybils) / (double) sybils;
    }

    /** The worked answer to every part. */
    public static Feedback reveal() {
        return Feedback.revealed(sybilExplanation() + " Threshold: s ≥ n/2 (n = K + s) · largest fraction 0.5,"
                + " COUNT_IS_TRUSTED · ADMISSION_COST · K_eff = (K+s)/s = 2 at s = 100, 1.1 at s = 1000.");
    }

    /** Lower case, no spaces, unicode comparison signs as ASCII, (K+s) written as n, no '*'. */
    static String normaliseThreshold(String text) {
        String t = text.toLowerCase(java.util.Locale.ROOT)
                .replace('≥', '>').replace('⩾', '>')
                .replace('≤', '<').replace('⩽', '<')
                .replace("⌈", "ceil(").replace("⌉", ")")
                .replaceAll("\\s+", "")
                .replace("*", "").replace("·", "").replace("×", "");
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
