package org.fedpoison.kernel.execution;

import java.util.List;

/**
 * A magic with a bad argument: a one-line message naming the argument.
 */
public final class MagicException extends CellException {

    public MagicException(String message, List<String> traceback) {
        super(message, traceback);
    }

    public MagicException(String message) {
        super(message, List.of(message));
    }
}
