/**
 * Checkers for the text's Exercises 35.4.1–35.4.3, called from a notebook's check cell.
 * Each returns a {@link org.fedpoison.exercises.Feedback} ("correct: ..." or "not yet: ...")
 * instead of failing; only nonsense input such as {@code null} throws. The checkers recompute
 * the answer with the library ({@link org.fedpoison.leverage.Leverage}, medians with sybils)
 * rather than comparing with a stored number. Worked solutions live with the notebooks, not here.
 */
package org.fedpoison.exercises;
