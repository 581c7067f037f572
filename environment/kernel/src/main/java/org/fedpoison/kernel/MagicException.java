package org.fedpoison.kernel;

import java.util.List;

/**
 * A magic with a bad argument: a one-line message naming the argument.
 */
final class MagicException extends CellException {

    MagicException(String message, List<String> traceback) {
        super(message, traceback);
    }

    MagicException(String message) {
        super(message, List.of(message));
    }
}
