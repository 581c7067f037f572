package org.fedpoison.kernel;

import java.util.List;

/**
 * A cell that does not compile: the message, the offending line and a caret under the error.
 */
final class CompilationException extends CellException {

    CompilationException(String message, List<String> traceback) {
        super(message, traceback);
    }

    CompilationException(String message) {
        super(message, List.of(message));
    }
}
