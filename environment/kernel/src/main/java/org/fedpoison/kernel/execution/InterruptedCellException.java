package org.fedpoison.kernel.execution;

import java.util.List;

/**
 * A cell stopped by an interrupt request; earlier definitions are kept.
 */
public final class InterruptedCellException extends CellException {

    public InterruptedCellException(String message, List<String> traceback) {
        super(message, traceback);
    }

    public InterruptedCellException(String message) {
        super(message, List.of(message));
    }
}
