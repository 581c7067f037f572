package org.fedpoison.exercises;

/**
 * What an exercise checker says about an answer: whether it is right, and why.
 * {@link #toString()} reads {@code "correct: ..."} or {@code "not yet: ..."}, so a notebook's
 * check cell can simply show the returned value.
 *
 * @param correct whether the answer is accepted
 * @param message the explanation (what was checked, or a hint towards the answer)
 */
public record Feedback(boolean correct, String message) {

    /** Rejects a null message. */
    public Feedback {
        if (message == null) {
            throw new IllegalArgumentException("message must not be null");
        }
    }

    /** An accepted answer. */
    public static Feedback correct(String message) {
        return new Feedback(true, message);
    }

    /** An answer that is not right yet, with a hint. */
    public static Feedback notYet(String message) {
        return new Feedback(false, message);
    }

    @Override
    public String toString() {
        return (correct ? "correct: " : "not yet: ") + message;
    }
}
