package org.fedpoison.exercises;

import java.util.ArrayList;
import java.util.List;

/**
 * What an exercise checker says about an answer, as a tutor would: the {@link Verdict}, the parts
 * that are right so far, a hint for each part that is not (pointing at evidence: a cell, a table,
 * a number to compute, never the answer itself), and the full explanation — which is filled in
 * only when every part is right, or when the reader calls {@code reveal()}.
 *
 * <p>{@link #toString()} reads, for example,
 * {@code "partly right — right so far: (a), (c) · not yet: (b): look at ..."}, so a notebook's
 * check cell can simply show the returned value.
 *
 * @param verdict     the overall verdict
 * @param right       the names of the parts that are right so far
 * @param hints       one line per part that is not right yet ({@code "(b): ..."})
 * @param explanation the worked explanation; empty unless {@code verdict} is {@link Verdict#CORRECT}
 *                    or {@link Verdict#REVEALED}
 */
public record Feedback(Verdict verdict, List<String> right, List<String> hints, String explanation) {

    /** Rejects nulls, and an explanation on a verdict that must not show one. */
    public Feedback {
        if (verdict == null || right == null || hints == null || explanation == null) {
            throw new IllegalArgumentException("verdict, right, hints and explanation must not be null");
        }
        if (!explanation.isEmpty() && verdict != Verdict.CORRECT && verdict != Verdict.REVEALED) {
            throw new IllegalArgumentException("an explanation is shown only on CORRECT or REVEALED, not on " + verdict);
        }
        right = List.copyOf(right);
        hints = List.copyOf(hints);
    }

    /** A correct answer with its explanation. */
    public static Feedback correct(String explanation) {
        return new Feedback(Verdict.CORRECT, List.of(), List.of(), explanation);
    }

    /** The solution on request. */
    public static Feedback revealed(String explanation) {
        return new Feedback(Verdict.REVEALED, List.of(), List.of(), explanation);
    }

    /** Whether the answer is accepted. */
    public boolean correct() {
        return verdict == Verdict.CORRECT;
    }

    /** The text after the verdict, as {@link #toString()} shows it. */
    public String message() {
        List<String> parts = new ArrayList<>();
        if (!right.isEmpty() && verdict != Verdict.CORRECT) {
            parts.add("right so far: " + String.join(", ", right));
        }
        if (!hints.isEmpty()) {
            parts.add((right.isEmpty() ? "" : "not yet: ") + String.join("; ", hints));
        }
        if (!explanation.isEmpty()) {
            parts.add(explanation);
        }
        return String.join(" · ", parts);
    }

    @Override
    public String toString() {
        String head = switch (verdict) {
            case UNFILLED -> "unfilled";
            case WRONG -> "not yet";
            case PARTLY_RIGHT -> "partly right";
            case CLOSE -> "close — don't round";
            case CORRECT -> "correct";
            case REVEALED -> "solution";
        };
        String m = message();
        return m.isEmpty() ? head : head + " — " + m;
    }

    /**
     * Collects the verdicts of the parts of one answer and combines them: every part right →
     * {@link Verdict#CORRECT}; every part not right only because of rounding → {@link Verdict#CLOSE};
     * some right → {@link Verdict#PARTLY_RIGHT}; all unfilled → {@link Verdict#UNFILLED};
     * otherwise {@link Verdict#WRONG}.
     */
    static final class Parts {
        private final List<String> right = new ArrayList<>();
        private final List<String> hints = new ArrayList<>();
        private int unfilled;
        private int close;
        private int wrong;

        /** A part that is right. */
        Parts right(String part) {
            right.add(part);
            return this;
        }

        /** A part still unfilled, with what to fill in. */
        Parts unfilled(String part, String what) {
            unfilled++;
            hints.add(part + ": " + what);
            return this;
        }

        /** A part that is not right yet, with a hint. */
        Parts wrong(String part, String hint) {
            wrong++;
            hints.add(part + ": " + hint);
            return this;
        }

        /** A number right except for rounding. */
        Parts close(String part, String hint) {
            close++;
            hints.add(part + ": " + hint);
            return this;
        }

        /** Adds a part judged by {@link Numbers#judge}. */
        Parts number(String part, Double given, double expected, String unfilledWhat, String hint) {
            switch (Numbers.judge(given, expected)) {
                case UNFILLED -> unfilled(part, unfilledWhat);
                case CORRECT -> right(part);
                case CLOSE -> close(part, "you have " + given + ", which is the right value rounded; keep every digit"
                        + " (use the variable that holds it rather than the printed number)");
                default -> wrong(part, hint);
            }
            return this;
        }

        boolean allRight() {
            return unfilled == 0 && close == 0 && wrong == 0;
        }

        Feedback result(String explanation) {
            if (allRight()) {
                return Feedback.correct(explanation);
            }
            Verdict v;
            if (wrong == 0 && unfilled == 0) {
                v = Verdict.CLOSE;
            } else if (!right.isEmpty() || close > 0) {
                v = Verdict.PARTLY_RIGHT;
            } else if (wrong == 0) {
                v = Verdict.UNFILLED;
            } else {
                v = Verdict.WRONG;
            }
            return new Feedback(v, right, hints, "");
        }
    }
}
