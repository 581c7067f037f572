package org.fedpoison.kernel.execution;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CellErrorsTest {

    private static String plain(String s) {
        return s.replaceAll("\u001b\\[[0-9;]*m", "");
    }

    @Test
    void caretSitsUnderTheSpanOnTheRightLine() {
        String cell = "int a = 1;\nint b = a + oops;\nint c = 3;";
        int start = cell.indexOf("oops");
        List<String> lines = CellErrors.compileError(cell, start, start + 4, "cannot find symbol\n  symbol: variable oops");
        assertEquals("error: cannot find symbol", plain(lines.get(0)));
        String source = lines.get(2);
        String caret = plain(lines.get(3));
        assertTrue(source.startsWith("   2 | "), source);
        assertEquals(source.indexOf("oops"), caret.indexOf('^'));
        assertEquals(4, caret.chars().filter(ch -> ch == '^').count());
    }

    @Test
    void emptySpanGetsOneCaret() {
        List<String> lines = CellErrors.compileError("x", 1, 1, "';' expected");
        assertEquals(1, plain(lines.get(lines.size() - 1)).chars().filter(ch -> ch == '^').count());
    }

    @Test
    void anonymousLocationLineIsDropped() {
        List<String> lines = CellErrors.compileError("f()", 0, 1, "cannot find symbol\n  location: class ");
        assertTrue(lines.stream().noneMatch(l -> l.contains("location: class")));
    }

    @Test
    void exceptionShowsClassMessageAndCause() {
        Exception e = new IllegalStateException("outer", new java.io.IOException("inner"));
        List<String> lines = CellErrors.exception(e);
        assertEquals("java.lang.IllegalStateException: outer", plain(lines.get(0)));
        assertTrue(lines.contains("Caused by: java.io.IOException: inner"));
    }

    @Test
    void framesStopWhereReflectionCalledTheCell() {
        Exception e = new RuntimeException("x");
        e.setStackTrace(new StackTraceElement[]{
            new StackTraceElement("", "boom", "#3", 1),
            new StackTraceElement("", "do_it$", "#4", 1),
            new StackTraceElement("jdk.internal.reflect.NativeMethodAccessorImpl", "invoke0", null, -2),
            new StackTraceElement("jdk.jshell.execution.LocalExecutionControl", "lambda", null, 1)});
        List<String> lines = CellErrors.exception(e);
        assertEquals(List.of("\tat boom(#3:1)", "\tat <cell>(#4:1)"), lines.subList(1, lines.size()));
    }

    @Test
    void locateMapsSnippetIndexZeroIntoTheCell() {
        String cell = "int a = 1;\nint b = a + q;";
        assertEquals(11, Snippets.locate(cell, "int b = a + q;", 11));
        // JShell may keep the line break before the snippet: index 0 of the source is then at 10
        assertEquals(10, Snippets.locate(cell, "\nint b = a + q;", 11));
    }
}
