package org.fedpoison.kernel.execution;

import java.util.List;

/**
 * A cell whose code threw: the exception, its message and the user-code part of its stack.
 */
public final class EvaluationException extends CellException {

    public EvaluationException(String message, List<String> traceback) {
        super(message, traceback);
    }

    public EvaluationException(String message) {
        super(message, List.of(message));
    }
}
