package org.fedpoison.kernel;

import jdk.jshell.execution.LocalExecutionControl;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

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

    /**
     * Runs the snippet with the snippets' class loader as context class loader, so libraries that find
     * their plug-ins through it (ND4J's backends, {@code ServiceLoader} users) see the jars added with
     * {@code %jars}/{@code %maven}. The snippet's thread inherits it from this thread.
     */
    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(doitMethod.getDeclaringClass().getClassLoader());
        try {
            return super.invoke(doitMethod);
        } finally {
            current.setContextClassLoader(previous);
        }
    }

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
