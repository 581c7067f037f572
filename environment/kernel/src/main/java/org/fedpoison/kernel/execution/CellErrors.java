package org.fedpoison.kernel.execution;

import jdk.jshell.EvalException;
import jdk.jshell.UnresolvedReferenceException;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns compile diagnostics and exceptions from JShell into the lines a notebook shows.
 *
 * <p>Compile errors: {@code "error: <message>"}, then the offending line of the cell with its line number,
 * then a caret line marking the span. Exceptions: {@code "<class>: <message>"} and the stack down to the
 * point where JShell called the cell; "Caused by" blocks follow the same rule.
 */
public final class CellErrors {

    public static final String RED = "\u001b[0;31m";
    public static final String RESET = "\u001b[0m";

    private CellErrors() {
    }

    /**
     * Formats one compile error.
     *
     * @param cell    the whole cell's text
     * @param start   start of the erroneous span, as an index into {@code cell}
     * @param end     end of the span (exclusive); values at or before {@code start} mark one character
     * @param message the compiler's message (may have several lines)
     * @return the lines to show
     */
    public static List<String> compileError(String cell, int start, int end, String message) {
        List<String> lines = new ArrayList<>();
        String[] msg = message.split("\\R");
        lines.add(RED + "error: " + msg[0] + RESET);
        for (int i = 1; i < msg.length; i++) {
            if (!msg[i].strip().equals("location: class")) { // JShell's wrapper class has no name
                lines.add(msg[i]);
            }
        }
        if (start < 0 || start > cell.length()) {
            return lines;
        }
        int lineStart = cell.lastIndexOf('\n', start - 1) + 1;
        int lineEnd = cell.indexOf('\n', start);
        if (lineEnd < 0) {
            lineEnd = cell.length();
        }
        String line = cell.substring(lineStart, lineEnd).replace("\r", "");
        int lineNo = 1;
        for (int i = 0; i < lineStart; i++) {
            if (cell.charAt(i) == '\n') {
                lineNo++;
            }
        }
        int col = start - lineStart;
        int width = Math.max(1, Math.min(end, lineEnd) - start);
        String prefix = String.format("%4d | ", lineNo);
        lines.add(prefix + line);
        StringBuilder caret = new StringBuilder(" ".repeat(prefix.length() - 2)).append("| ");
        for (int i = 0; i < col && i < line.length(); i++) {
            caret.append(line.charAt(i) == '\t' ? '\t' : ' ');
        }
        caret.append(RED).append("^".repeat(width)).append(RESET);
        lines.add(caret.toString());
        return lines;
    }

    /** One line naming an exception thrown by a cell: {@code class: message}. */
    public static String headline(Throwable t) {
        String name = t instanceof EvalException ee ? ee.getExceptionClassName() : t.getClass().getName();
        String message = t.getMessage();
        if (t instanceof UnresolvedReferenceException ure) {
            name = "UnresolvedReference";
            message = "'" + ure.getSnippet().source().strip() + "' refers to something not yet defined";
        }
        return message == null || message.isEmpty() ? name : name + ": " + message;
    }

    /** The exception, its message and the user part of its stack, with causes. */
    public static List<String> exception(Throwable t) {
        List<String> lines = new ArrayList<>();
        lines.add(RED + headline(t) + RESET);
        appendFrames(lines, t);
        Throwable cause = t.getCause();
        int depth = 0;
        while (cause != null && depth++ < 10) {
            lines.add("Caused by: " + headline(cause));
            appendFrames(lines, cause);
            cause = cause.getCause();
        }
        return lines;
    }

    private static void appendFrames(List<String> lines, Throwable t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (isHarness(e.getClassName())) {
                break;
            }
            lines.add("\tat " + frame(e));
        }
    }

    /** Frames from here down belong to JShell or reflection, not to the user's code. */
    public static boolean isHarness(String className) {
        return className.startsWith("jdk.internal.reflect.")
                || className.startsWith("java.lang.reflect.")
                || className.startsWith("jdk.jshell.");
    }

    private static String frame(StackTraceElement e) {
        String cls = e.getClassName();
        String method = e.getMethodName().equals("do_it$") ? "<cell>" : e.getMethodName();
        String where = e.getFileName() == null ? "" : e.getFileName()
                + (e.getLineNumber() >= 0 ? ":" + e.getLineNumber() : "");
        if (cls.isEmpty() || cls.startsWith("REPL.")) {
            // a frame in a cell: JShell names the file after the snippet id ("#12")
            return (method.isEmpty() ? "<cell>" : method) + "(" + where + ")";
        }
        return cls + "." + method + "(" + where + ")";
    }
}
