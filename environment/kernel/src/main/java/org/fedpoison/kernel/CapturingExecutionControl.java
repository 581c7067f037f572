package org.fedpoison.kernel;

import jdk.jshell.execution.LocalExecutionControl;

import java.lang.reflect.Field;

/**
 * JShell's in-process execution engine, extended so the kernel can get a variable's value as an object.
 *
 * <p>JShell reports values as strings. When the kernel asks JShell for a variable's value
 * ({@code JShell.varValue}), this engine also reads the field itself and keeps the object, so a chart or a
 * table can be rendered rather than printed. Running and stopping snippets is left to
 * {@link LocalExecutionControl}: on JDK 17 {@code stop()} stops the snippet's thread; newer JDKs stop it at
 * the next loop back-edge.
 */
final class CapturingExecutionControl extends LocalExecutionControl {

    private Object captured;
    private boolean hasCaptured;

    @Override
    public String varValue(String className, String varName)
            throws RunException, EngineTerminationException, InternalException {
        captured = null;
        hasCaptured = false;
        try {
            Field field = findClass(className).getDeclaredField(varName);
            field.setAccessible(true);
            captured = field.get(null);
            hasCaptured = true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // fall through: the string value below is still right
        }
        return super.varValue(className, varName);
    }

    /** Forgets the last captured value. */
    void clearCaptured() {
        captured = null;
        hasCaptured = false;
    }

    /** Whether the last {@code varValue} call captured an object (which may be null). */
    boolean hasCaptured() {
        return hasCaptured;
    }

    /** The object read by the last {@code varValue} call. */
    Object captured() {
        return captured;
    }
}
