package org.fedpoison.exercises;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Checker for Exercise 35.4.1, "Availability versus Targeted, and Who Sees Them". For three
 * scenarios the reader classifies the attack ({@link AttackGoal}), says whether a defender who
 * watches only aggregate validation accuracy would notice it, and explains why by choosing one of
 * the stated {@link Reason}s; then names the property of federated learning (Section 1) that hides
 * the attack the defender misses, in free text:
 * <ol type="a">
 *   <li>one third of the clients flip every label in their local data ({@link #checkA});</li>
 *   <li>three clients implant a pixel-patch backdoor (patched stop signs become speed-limit signs)
 *       leaving all other accuracy intact ({@link #checkB});</li>
 *   <li>a single client submits a gradient of enormous norm in a random direction every round
 *       ({@link #checkC});</li>
 *   <li>the hiding property ({@link #checkProperty}).</li>
 * </ol>
 * A scenario has two parts: the classification (goal and noticed, judged together, so that feedback
 * never gives a yes/no answer away) and the reason. Feedback names the parts right so far and, for
 * the others, the evidence to look at; the explanation comes only with a correct answer or
 * {@link #reveal()}. Nothing here throws: {@code null} is an unfilled answer.
 */
public final class Exercise1 {
    private Exercise1() {}

    /** The stated reasons to choose from (one is right for each scenario; some are right for none). */
    public enum Reason {
        /** Right for (a). */
        WRONG_EVERYWHERE("the model is taught wrong answers on ordinary inputs, so accuracy on them falls"),
        /** Right for (b). */
        ONLY_TRIGGERED_INPUTS("only inputs carrying the trigger go wrong; clean inputs keep their labels"),
        /** Right for (c). */
        THROWN_OFF_EACH_ROUND("every round the average is dragged far from any good model"),
        /** A distractor: the honest majority limits label flipping but does not make it invisible. */
        MAJORITY_CANCELS_IT("the honest majority cancels it out, so the model is unchanged"),
        /** A distractor: the update's size is seen by the server, not by an accuracy-watching defender. */
        UPDATE_NORM_IS_HUGE("its update has a huge norm"),
        /** A distractor: nobody checks labels in federated learning. */
        SERVER_AUDITS_LABELS("the server audits the labels and finds the flipped ones");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        /** The reason in words. */
        public String text() {
            return text;
        }

        @Override
        public String toString() {
            return name() + " (" + text + ")";
        }
    }

    /** The reasons, one per line, as a notebook shows them before the answer cells. */
    public static String reasons() {
        return Arrays.stream(Reason.values()).map(r -> "Exercise1.Reason." + r.name() + ": " + r.text())
                .collect(Collectors.joining("\n"));
    }

    /** The hiding property: the server sees updates and never the data behind them. */
    static final FreeText.Concept INVISIBILITY = FreeText.Concept.of("invisibility",
            "\\binvisib",
            "\\bblind",
            "\\b(only|just|merely|solely) (sees?|seeing|receives?|receiving|gets?|getting|observes?|has|get to see|gets to see)"
                    + " (the |model |their |client |clients |local |parameter |gradient |weight )*"
                    + "(updates?|gradients?|deltas?|weights|parameters|vectors?)",
            "\\b(sees?|receives?|gets?|observes?) (the |model |their |client |clients )*(updates?|gradients?|vectors?|weights) only",
            "\\b(sees?|receives?|gets?) nothing (but|except|other than|apart from) (the )?(model )?(updates?|gradients?|vectors?)",
            "\\b(never|not|unable to|no way to) (sees?|inspects?|looks? at|access(es)?|examines?|audits?|checks?|views?|gets?|receives?)"
                    + " (at )?(the |any |raw |local |client |clients |training |underlying |their |private |users |user |actual )*"
                    + "(data|examples|inputs|images|samples|keystrokes|labels)",
            "\\b(data|examples|inputs) (is |are )?(never |always )?(stays?|remains?|kept|is kept|are kept|staying) (private|local|hidden"
                    + "|secret|on (the |their )?(device|phone|client)s?)",
            "\\b(keeps?|keeping|holds?|holding) (their |its |the )?(own )?(raw |local |training |private )?(data|examples)"
                    + " (private|local|secret|to themselves|on (the |their )?(device|phone)s?)",
            "\\b(data|examples) never (leaves?|leave|left)",
            "\\b(data|examples) (is|are) (invisible|hidden|private|secret|not visible|not shared|never shared|not sent|never sent)",
            "\\b(server|aggregator) (has|gets) no (access|view|visibility|look|insight) (to|of|at|into|on) (the )?"
                    + "(raw |local |client |clients |training )*(data|examples|inputs)");

    /** A wrong property that students often name. */
    private static final FreeText.Concept LEVERAGE = FreeText.Concept.of("leverage",
            "\\bleverage", "\\b1 ?k\\b", "\\bweight\\b", "\\bshare\\b", "\\bnorm\\b", "\\bboost");

    private static final String EVIDENCE_A = "look at notebook 01's table of the three label flips: final accuracy"
            + " of each flip against the clean run";
    private static final String EVIDENCE_B = "look at notebook 01's backdoor run: its accuracy column beside the"
            + " clean run's, and its backdoor_success column";
    private static final String EVIDENCE_C = "run the evidence cell below the answer cells (one client sending"
            + " huge random noise) and compare its accuracy with the run without it";

    /** Scenario (a): a third of the clients flip every label. */
    public static Feedback checkA(AttackGoal goal, Boolean noticed, Reason why) {
        return scenario("(a)", goal, noticed, why, AttackGoal.AVAILABILITY, true, Reason.WRONG_EVERYWHERE, EVIDENCE_A,
                "(a) availability, noticed: relabelled data teaches wrong answers on ordinary inputs, so aggregate"
                        + " accuracy falls (in notebook 01, from a few points to a third depending on the flip;"
                        + " an honest majority limits the damage but does not hide it).");
    }

    /** Scenario (b): a three-client pixel-patch backdoor. */
    public static Feedback checkB(AttackGoal goal, Boolean noticed, Reason why) {
        return scenario("(b)", goal, noticed, why, AttackGoal.TARGETED, false, Reason.ONLY_TRIGGERED_INPUTS, EVIDENCE_B,
                "(b) targeted, missed: only stamped inputs change their answer, and the validation set has no stamp,"
                        + " so aggregate accuracy stays where it was.");
    }

    /** Scenario (c): one huge random-direction gradient per round. */
    public static Feedback checkC(AttackGoal goal, Boolean noticed, Reason why) {
        return scenario("(c)", goal, noticed, why, AttackGoal.AVAILABILITY, true, Reason.THROWN_OFF_EACH_ROUND, EVIDENCE_C,
                "(c) availability, noticed: under plain averaging one huge random vector moves the average by 1/K of"
                        + " its size in a direction that serves nobody, every round, so the accuracy an operator watches"
                        + " drops (notebook 07's evidence run measures by how much). Its norm would give it away too, but"
                        + " the question is about a defender who watches accuracy.");
    }

    private static Feedback scenario(String part, AttackGoal goal, Boolean noticed, Reason why,
                                     AttackGoal rightGoal, boolean rightNoticed, Reason rightWhy, String evidence,
                                     String explanation) {
        Feedback.Parts parts = new Feedback.Parts();
        String cls = part + " classification";
        String reason = part + " reason";
        if (goal == null || noticed == null) {
            parts.unfilled(cls, "set the goal (AttackGoal.AVAILABILITY or AttackGoal.TARGETED) and whether accuracy"
                    + " shows it (true or false)");
        } else if (goal == rightGoal && noticed == rightNoticed) {
            parts.right(cls);
        } else if (goal == AttackGoal.TARGETED && noticed) {
            parts.wrong(cls, "a targeted attack, by the text's definition, leaves ordinary accuracy almost untouched;"
                    + " check that your two answers agree, then " + evidence);
        } else {
            parts.wrong(cls, evidence);
        }
        if (why == null) {
            parts.unfilled(reason, "choose one of Exercise1.Reason (Exercise1.reasons() lists them)");
        } else if (why == rightWhy) {
            parts.right(reason);
        } else if (why == Reason.UPDATE_NORM_IS_HUGE) {
            parts.wrong(reason, "the defender here watches only accuracy, not updates: which reason is about what"
                    + " accuracy shows?");
        } else if (why == Reason.SERVER_AUDITS_LABELS) {
            parts.wrong(reason, "can a federated server look at a client's labels? (the text's Section 1)");
        } else if (goal != null && noticed != null && consistent(why) != null && consistent(why) != noticed) {
            parts.wrong(reason, "your reason and your answer to 'noticed' disagree with each other");
        } else {
            parts.wrong(reason, "choose the reason that says what happens to the model's answers; " + evidence);
        }
        return parts.result(explanation);
    }

    /** Whether a reason implies that accuracy shows the attack (null: it says nothing about that). */
    private static Boolean consistent(Reason r) {
        return switch (r) {
            case WRONG_EVERYWHERE, THROWN_OFF_EACH_ROUND -> true;
            case ONLY_TRIGGERED_INPUTS, MAJORITY_CANCELS_IT -> false;
            default -> null;
        };
    }

    /** The property of Section 1 that hides the attack the defender misses, in your words. */
    public static Feedback checkProperty(String property) {
        Feedback.Parts parts = new Feedback.Parts();
        if (FreeText.blank(property)) {
            parts.unfilled("(d) property", "write, in a few words, what the server can and cannot see of a client");
            return parts.result("");
        }
        switch (INVISIBILITY.stance(property)) {
            case AFFIRMED -> parts.right("(d) property");
            case NEGATED -> parts.wrong("(d) property", "your answer says the server is able to look at something;"
                    + " reread the contract of federated learning in notebook 01's introduction: what do clients send?");
            default -> parts.wrong("(d) property", LEVERAGE.affirmedBy(property)
                    ? "that is what lets an update move the average, not what hides (b); ask what the server can and"
                    + " cannot look at (notebook 01, 'What the server saw')"
                    : "ask what the server receives from a client, and what it never gets to look at"
                    + " (notebook 01, 'What the server saw')");
        }
        return parts.result("(b) hides behind invisibility: the server receives update vectors only and never the"
                + " examples behind them, so no stamped image can be inspected; clean validation data shows nothing.");
    }

    /** The worked answer to every part. */
    public static Feedback reveal() {
        return Feedback.revealed("(a) AVAILABILITY, noticed, WRONG_EVERYWHERE · (b) TARGETED, not noticed,"
                + " ONLY_TRIGGERED_INPUTS · (c) AVAILABILITY, noticed, THROWN_OFF_EACH_ROUND · (d) invisibility: the"
                + " server sees only updates, never the data behind them, so the stamped examples of (b) cannot be"
                + " inspected, and clean validation accuracy does not move.");
    }
}
