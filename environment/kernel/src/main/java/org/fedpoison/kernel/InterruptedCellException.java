package org.fedpoison.kernel;

import java.util.List;

/**
 * A cell stopped by an interrupt request; earlier definitions are kept.
 */
final class InterruptedCellException extends CellException {

    InterruptedCellException(String message, List<String> traceback) {
        super(message, traceback);
    }

    InterruptedCellException(String message) {
        super(message, List.of(message));
    }
}
