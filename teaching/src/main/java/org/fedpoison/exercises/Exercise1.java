package org.fedpoison.exercises;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checker for Exercise 35.4.1, "Availability versus Targeted, and Who Sees Them".
 *
 * <p>For three scenarios the reader classifies the attack ({@link AttackGoal}) and says whether
 * a defender who watches only aggregate validation accuracy would notice it, then names the
 * property of federated learning (Section 1) that hides the attack the defender misses:
 * <ol type="a">
 *   <li>one third of the clients flip every label in their local data;</li>
 *   <li>three clients implant a pixel-patch backdoor (patched stop signs become speed-limit signs)
 *       leaving all other accuracy intact;</li>
 *   <li>a single client submits a gradient of enormous norm in a random direction every round.</li>
 * </ol>
 * Usage in a notebook:
 * <pre>{@code
 * Exercise1.check(new Exercise1.Answer(AttackGoal.AVAILABILITY, true), ..., ..., "the server sees only updates")
 * }</pre>
 * The property may be given in a few spellings ("invisibility", "blindness", "the server sees only
 * updates", "the server never sees the data", ...). Wrong answers give feedback, never an
 * exception; only null answers throw {@code IllegalArgumentException}.
 */
public final class Exercise1 {
    private Exercise1() {}

    /**
     * The reader's answer for one scenario.
     *
     * @param goal                what the attack is after
     * @param noticedByAccuracy   whether a defender watching only aggregate accuracy would notice
     */
    public record Answer(AttackGoal goal, boolean noticedByAccuracy) {
        /** Rejects a null goal. */
        public Answer {
            if (goal == null) {
                throw new IllegalArgumentException("goal is null: use AttackGoal.AVAILABILITY or AttackGoal.TARGETED");
            }
        }
    }

    private static final Answer A = new Answer(AttackGoal.AVAILABILITY, true);
    private static final Answer B = new Answer(AttackGoal.TARGETED, false);
    private static final Answer C = new Answer(AttackGoal.AVAILABILITY, true);

    private static final List<Pattern> PROPERTY = List.of(
            Pattern.compile("invisib"),
            Pattern.compile("blind"),
            Pattern.compile("\\b(sees?|receives?|gets?) only (the |model |their |client )*updates?"),
            Pattern.compile("\\bonly (sees?|receives?|gets?) (the |model |their |client )*updates?"),
            Pattern.compile("\\b(never|cannot|can t|can not|does not|doesn t) (see|sees|inspect|look at|access)"
                    + " (the |raw |local |client |clients |training |underlying )*(data|examples|inputs)"),
            Pattern.compile("\\bdata (is |are |stays? |remains? |kept )+(private|local|hidden)"));

    /**
     * Checks the three classifications and the hiding property.
     *
     * @param a        answer for scenario (a), label flipping by a third of the clients
     * @param b        answer for scenario (b), the pixel-patch backdoor
     * @param c        answer for scenario (c), one huge random gradient per round
     * @param property the name of the property that hides the missed attack
     * @return feedback; {@code correct} only if all parts are right
     * @throws IllegalArgumentException if an argument is null
     */
    public static Feedback check(Answer a, Answer b, Answer c, String property) {
        requireNonNull(a, "answer (a)");
        requireNonNull(b, "answer (b)");
        requireNonNull(c, "answer (c)");
        requireNonNull(property, "property");
        List<String> hints = new ArrayList<>();
        hint(hints, "(a)", a, A,
                "flipping every label teaches a third of the clients the wrong task everywhere",
                "every class suffers, so the validation accuracy falls");
        hint(hints, "(b)", b, B,
                "the backdoor forces one chosen mistake (patched stop sign -> speed limit) and nothing else",
                "clean inputs keep their labels, so aggregate accuracy looks healthy");
        hint(hints, "(c)", c, C,
                "a huge update in a random direction serves no chosen behaviour; it throws the model off",
                "under plain averaging it drags the global model far away and the accuracy drops");
        boolean propertyOk = isHidingProperty(property);
        if (!propertyOk) {
            String p = normalise(property);
            if (p.isEmpty()) {
                hints.add("name the property that hides (b): what can the server see of a client?");
            } else if (p.contains("leverage")) {
                hints.add("\"" + property.trim() + "\" is what lets an update move the average, not what hides it;"
                        + " ask what the server can and cannot look at");
            } else {
                hints.add("\"" + property.trim() + "\" is not the property of Section 1 that hides (b):"
                        + " the server receives only update vectors and never the data behind them");
            }
        }
        if (hints.isEmpty()) {
            return Feedback.correct("(a) availability, noticed: accuracy falls; (b) targeted, missed: clean accuracy"
                    + " stays intact; (c) availability, noticed: the model is wrecked. (b) hides behind invisibility:"
                    + " the server sees only updates, never the data, so it cannot spot the stamped examples.");
        }
        return Feedback.notYet(String.join("; ", hints));
    }

    /** Whether {@code text} names the hiding property (invisibility of the data to the server). */
    public static boolean isHidingProperty(String text) {
        if (text == null) {
            return false;
        }
        String p = normalise(text);
        return PROPERTY.stream().anyMatch(pattern -> pattern.matcher(p).find());
    }

    private static void hint(List<String> hints, String part, Answer given, Answer right,
                             String goalHint, String noticeHint) {
        if (given.goal() != right.goal()) {
            hints.add(part + " is not " + given.goal() + ": " + goalHint);
        }
        if (given.noticedByAccuracy() != right.noticedByAccuracy()) {
            hints.add(part + " would " + (right.noticedByAccuracy() ? "" : "not ") + "be noticed: " + noticeHint);
        }
    }

    private static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", " ").trim();
    }

    private static void requireNonNull(Object o, String what) {
        if (o == null) {
            throw new IllegalArgumentException(what + " is null: fill in the stub cell before checking");
        }
    }
}
