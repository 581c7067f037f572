package org.fedpoison.kernel.execution;

import java.util.List;

/**
 * A cell that does not compile: the message, the offending line and a caret under the error.
 */
public final class CompilationException extends CellException {

    public CompilationException(String message, List<String> traceback) {
        super(message, traceback);
    }

    public CompilationException(String message) {
        super(message, List.of(message));
    }
}
