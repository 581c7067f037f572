package org.fedpoison.kernel;

import java.util.List;

/**
 * A cell whose code threw: the exception, its message and the user-code part of its stack.
 */
final class EvaluationException extends CellException {

    EvaluationException(String message, List<String> traceback) {
        super(message, traceback);
    }

    EvaluationException(String message) {
        super(message, List.of(message));
    }
}
