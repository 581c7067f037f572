package org.fedpoison.kernel.execution;

import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.util.Map;

/**
 * Hands JShell one {@link CellExecutionControl} per JShell instance and remembers it for the kernel.
 */
final class CellExecutionProvider implements ExecutionControlProvider {

    private final long timeoutMillis;
    private volatile CellExecutionControl control;

    CellExecutionProvider(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public String name() {
        return "fedpoison-local";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        control = new CellExecutionControl(timeoutMillis);
        return control;
    }

    CellExecutionControl control() {
        return control;
    }
}
