package org.fedpoison.kernel.execution;

import java.util.List;

/**
 * An error in a cell, reported to the notebook with a ready-made traceback and no kernel stack.
 *
 * <p>The subclass's simple name becomes the error's {@code ename}, the message its {@code evalue}, and
 * {@link #traceback()} the lines the notebook shows.
 */
public abstract class CellException extends RuntimeException {

    private final List<String> traceback;

    public CellException(String message, List<String> traceback) {
        super(message, null, false, false);
        this.traceback = List.copyOf(traceback);
    }

    /** The lines to show under the cell. */
    public List<String> traceback() {
        return traceback;
    }
}
