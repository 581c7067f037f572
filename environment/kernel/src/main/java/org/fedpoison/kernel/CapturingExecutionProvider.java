package org.fedpoison.kernel;

import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.util.Map;

/**
 * Hands JShell one {@link CapturingExecutionControl} per JShell instance and remembers it for the kernel.
 */
final class CapturingExecutionProvider implements ExecutionControlProvider {

    private volatile CapturingExecutionControl control;

    @Override
    public String name() {
        return "fedpoison-local";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        control = new CapturingExecutionControl();
        return control;
    }

    CapturingExecutionControl control() {
        return control;
    }
}
