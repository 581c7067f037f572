package org.fedpoison.exercises;

/**
 * What a checker concluded about an answer (or about one part of it).
 * <ul>
 *   <li>{@link #UNFILLED}: the stub is still as it was handed out ({@code null}, empty text);</li>
 *   <li>{@link #WRONG}: filled in, and nothing is right yet;</li>
 *   <li>{@link #PARTLY_RIGHT}: some parts are right, others not yet;</li>
 *   <li>{@link #CLOSE}: every part is right except that a number was rounded too far;</li>
 *   <li>{@link #CORRECT}: every part is right;</li>
 *   <li>{@link #REVEALED}: the reader asked for the solution ({@code reveal()}).</li>
 * </ul>
 */
public enum Verdict {
    /** The stub has not been filled in. */
    UNFILLED,
    /** Filled in, nothing right yet. */
    WRONG,
    /** Some parts right, others not yet. */
    PARTLY_RIGHT,
    /** Right except for rounding. */
    CLOSE,
    /** Every part right. */
    CORRECT,
    /** The solution, on request. */
    REVEALED
}
