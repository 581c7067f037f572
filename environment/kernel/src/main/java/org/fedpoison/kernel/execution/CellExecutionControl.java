package org.fedpoison.kernel.execution;

import jdk.jshell.execution.LocalExecutionControl;

import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JShell's in-process execution engine, with the kernel's own way of running a snippet and stopping it.
 *
 * <p>Each snippet runs on a new daemon thread in a thread group of its own, with the snippets' class loader as
 * context class loader (so ND4J's backends and other {@code ServiceLoader} users see the jars added with
 * {@code %jars}/{@code %maven}); the calling thread waits for it. What differs from {@link LocalExecutionControl}:
 * <ul>
 *   <li>An exception that escapes a thread the snippet started is printed to {@code System.err} at that moment
 *       (the running cell's stderr, or the kernel's log between cells). JShell's own thread group swallows it.</li>
 *   <li>{@link #requestStop()} interrupts the snippet's threads, stops the snippet thread (JDK 17: {@code
 *       Thread.stop}; JDK 20+: JShell's stop flag, checked at loop back-edges) and, if the snippet is still running
 *       after {@link #ABANDON_AFTER_MILLIS} (blocked entering a lock, in {@code accept()}, in a native call), stops
 *       waiting for it: the cell ends with {@link #abandoned()} describing what still runs in the background.</li>
 *   <li>A time limit per snippet ({@code IJAVA_TIMEOUT}) stops it the same way.</li>
 *   <li>{@link #varValue} also keeps the variable's object, so a chart or a table can be rendered rather than
 *       printed, and turns it into text under a time limit.</li>
 * </ul>
 */
public final class CellExecutionControl extends LocalExecutionControl {

    /** How long a stopped snippet may take to end before the kernel stops waiting for it. */
    public static final long ABANDON_AFTER_MILLIS = 800;

    /** How long a stopped snippet gets to end by the stop flag and interrupts before {@code Thread.stop}. */
    static final long HARD_STOP_AFTER_MILLIS = 250;

    /** How long a result's {@code toString()} may take. */
    public static final long TO_STRING_MILLIS = 2_000;

    private static final boolean STOP_FLAG = Runtime.version().feature() >= 20;
    private static final AtomicInteger CELLS = new AtomicInteger();

    private final long timeoutMillis;
    private volatile boolean stopRequested;
    private volatile boolean timedOut;
    private volatile String abandoned;
    private volatile Thread snippet;
    private volatile ThreadGroup group;
    private Field allStop;
    private boolean cancelReady;

    private Object captured;
    private boolean hasCaptured;
    private volatile ClassLoader loader;
    private volatile Class<?> lastInvoked;

    /**
     * @param timeoutMillis the longest a snippet may run, or a value {@code <= 0} for no limit
     */
    CellExecutionControl(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    /** A no-op snippet body, run once through JShell's own engine so its stop-flag class exists (JDK 20+). */
    public static String nothing() {
        return "";
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        prepareStopFlag();
        setStopFlag(false);
        stopRequested = false;
        timedOut = false;
        abandoned = null;
        Object[] result = new Object[1];
        Throwable[] thrown = new Throwable[1];
        ThreadGroup cellGroup = new ThreadGroup("fedpoison cell " + CELLS.incrementAndGet()) {
            @Override
            public void uncaughtException(Thread t, Throwable e) {
                if (t != snippet && !(e instanceof ThreadDeath)) {
                    reportBackground(t, e);
                }
            }
        };
        setDaemonGroup(cellGroup);
        Thread runner = new Thread(cellGroup, () -> {
            try {
                result[0] = doitMethod.invoke(null);
            } catch (InvocationTargetException e) {
                thrown[0] = e.getCause();
            } catch (Throwable e) {
                thrown[0] = e;
            }
        }, "fedpoison-snippet");
        runner.setDaemon(true);
        lastInvoked = doitMethod.getDeclaringClass();
        loader = lastInvoked.getClassLoader();
        runner.setContextClassLoader(loader);
        group = cellGroup;
        snippet = runner;
        long start = System.nanoTime();
        long stoppedAt = -1;
        try {
            runner.start();
            while (runner.isAlive()) {
                runner.join(25);
                long now = System.nanoTime();
                if (!stopRequested && timeoutMillis > 0 && now - start > timeoutMillis * 1_000_000L) {
                    timedOut = true;
                    stopRequested = true;
                }
                if (stopRequested && runner.isAlive()) {
                    if (stoppedAt < 0) {
                        stoppedAt = now;
                    }
                    // first the stop flag and an interrupt (a wait for input ends by itself then); only if that
                    // does not do it, Thread.stop, which can leave a library mid-update
                    stopThreads(cellGroup, runner, now - stoppedAt > HARD_STOP_AFTER_MILLIS * 1_000_000L);
                    if (now - stoppedAt > ABANDON_AFTER_MILLIS * 1_000_000L) {
                        abandoned = describe(runner);
                        throw new StoppedException();
                    }
                }
            }
        } finally {
            snippet = null;
        }
        Throwable t = thrown[0];
        if (t instanceof ThreadDeath || (stopRequested && t instanceof InterruptedException)) {
            throw new StoppedException();
        }
        if (t != null) {
            throw new InvocationTargetException(t);
        }
        if (stopRequested) {
            throw new StoppedException();
        }
        Object value = result[0];
        // JShell shows an expression's value as text: a toString() that never returns must not hold the kernel
        return withTimeLimit(() -> valueString(value), TO_STRING_MILLIS, timedOutText(value));
    }

    /** A daemon group is dropped by its parent once its last thread ends (JDK 17 keeps other groups forever). */
    @SuppressWarnings({"deprecation", "removal"})
    private static void setDaemonGroup(ThreadGroup g) {
        try {
            g.setDaemon(true);
        } catch (UnsupportedOperationException e) {
            // newer JDKs have no group life cycle to manage
        }
    }

    @SuppressWarnings({"deprecation", "removal"})
    private void stopThreads(ThreadGroup cellGroup, Thread runner, boolean hard) {
        setStopFlag(true);
        Thread[] threads = new Thread[cellGroup.activeCount() + 4];
        int n = cellGroup.enumerate(threads);
        for (int i = 0; i < n; i++) {
            threads[i].interrupt();
        }
        if (hard && !STOP_FLAG) {
            try {
                runner.stop();
            } catch (UnsupportedOperationException e) {
                // a JDK without Thread.stop: the stop flag and the interrupt are all there is
            }
        }
    }

    /** Asks the running snippet to stop; safe to call from any thread, a no-op when nothing runs. */
    public void requestStop() {
        if (snippet != null) {
            stopRequested = true;
        }
    }

    @Override
    public void stop() {
        requestStop();
    }

    /** The class loader of the snippets (and of the jars added to JShell's class path), once one ran. */
    ClassLoader loader() {
        return loader;
    }

    /** Whether a snippet is running now. */
    public boolean isRunning() {
        return snippet != null;
    }

    /** True if the last snippet was stopped because it ran past the time limit. */
    boolean timedOut() {
        return timedOut;
    }

    /** What the last snippet was doing when the kernel stopped waiting for it, or null if it ended. */
    String abandoned() {
        return abandoned;
    }

    private static String describe(Thread t) {
        StackTraceElement[] stack = t.getStackTrace();
        String where = "";
        for (StackTraceElement e : stack) {
            if (!e.getClassName().startsWith("java.") && !e.getClassName().startsWith("jdk.")
                    && !e.getClassName().startsWith("sun.")) {
                where = e.getClassName().startsWith("REPL.") ? "the cell's code" : e.getClassName() + "." + e.getMethodName();
                break;
            }
        }
        String top = stack.length == 0 ? "?" : stack[0].getClassName() + "." + stack[0].getMethodName()
                + (stack[0].isNativeMethod() ? " (native)" : "");
        String state = switch (t.getState()) {
            case BLOCKED -> "blocked waiting for a lock";
            case RUNNABLE -> stack.length > 0 && stack[0].isNativeMethod() ? "in a native call" : "running";
            case WAITING, TIMED_WAITING -> "waiting";
            default -> t.getState().toString().toLowerCase(java.util.Locale.ROOT);
        };
        return state + " in " + top + (where.isEmpty() ? "" : ", called from " + where);
    }

    private static void reportBackground(Thread t, Throwable e) {
        PrintStream err = System.err;
        err.println("Exception in thread \"" + t.getName() + "\" (started by a cell):");
        for (String line : CellErrors.exception(e)) {
            err.println(line);
        }
        err.flush();
    }

    private void prepareStopFlag() throws Exception {
        if (!STOP_FLAG || cancelReady) {
            return;
        }
        cancelReady = true;
        // JShell (JDK 20+) weaves calls to REPL.$Cancel$.stopCheck() into every snippet class and defines that
        // class on its first invoke; run a no-op through it once, then drive its flag directly
        super.invoke(CellExecutionControl.class.getMethod("nothing"));
        try {
            allStop = findClass("REPL.$Cancel$").getDeclaredField("allStop");
            allStop.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            allStop = null;
        }
    }

    private void setStopFlag(boolean on) {
        if (allStop != null) {
            try {
                allStop.setBoolean(null, on);
            } catch (IllegalAccessException e) {
                allStop = null;
            }
        }
    }

    @Override
    public String varValue(String className, String varName)
            throws RunException, EngineTerminationException, InternalException {
        captured = null;
        hasCaptured = false;
        Object value;
        try {
            Field field = findClass(className).getDeclaredField(varName);
            field.setAccessible(true);
            value = field.get(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return super.varValue(className, varName);
        }
        String fallback = timedOutText(value);
        String text = withTimeLimit(() -> valueString(value), TO_STRING_MILLIS, fallback);
        // a value whose toString() hangs is shown by that note, not handed on to be rendered (and hang again)
        captured = value;
        hasCaptured = !fallback.equals(text);
        return text;
    }

    private static String timedOutText(Object value) {
        return "<" + (value == null ? "null" : value.getClass().getName()) + ": toString() did not finish within "
                + TO_STRING_MILLIS / 1000 + " s>";
    }

    /**
     * Runs {@code call} on a daemon thread and waits at most {@code millis} for it; past that the thread is
     * interrupted and left behind, and {@code fallback} is returned. A call that throws returns its exception's
     * headline in angle brackets.
     */
    public static String withTimeLimit(Callable<String> call, long millis, String fallback) {
        String[] out = new String[1];
        Thread t = new Thread(() -> {
            try {
                out[0] = call.call();
            } catch (Throwable e) {
                out[0] = "<" + CellErrors.headline(e) + ">";
            }
        }, "fedpoison-to-string");
        t.setDaemon(true);
        t.start();
        try {
            t.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            stopLeftBehind(t);
            return fallback;
        }
        return out[0];
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static void stopLeftBehind(Thread t) {
        t.interrupt();
        if (!STOP_FLAG) {
            try {
                t.stop();
            } catch (UnsupportedOperationException e) {
                // nothing more to do: the thread is a daemon and ends with the kernel
            }
        }
    }

    /**
     * Sets the static field {@code name} of the last snippet class run to null, if it has one of a reference type:
     * the class stays loaded (all snippets share one class loader), the object it held need not.
     *
     * @return the name of that class if it declares the field, else null
     */
    String forgetValue(String name) {
        Class<?> c = lastInvoked;
        if (c == null) {
            return null;
        }
        try {
            Field f = c.getDeclaredField(name);
            if (!f.getType().isPrimitive() && java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                f.setAccessible(true);
                f.set(null, null);
            }
            return c.getName();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null; // not this class's field (or final): nothing to let go of
        }
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
