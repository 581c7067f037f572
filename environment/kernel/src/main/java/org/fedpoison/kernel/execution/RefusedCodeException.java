package org.fedpoison.kernel.execution;

import java.util.List;

/** A cell the kernel refuses to run (for example one that calls {@code System.exit}); nothing of it ran. */
public final class RefusedCodeException extends CellException {

    public RefusedCodeException(String message) {
        super(message, List.of(message));
    }
}
