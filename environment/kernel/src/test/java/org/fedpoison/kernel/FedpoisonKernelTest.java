package org.fedpoison.kernel;

import org.fedpoison.kernel.execution.CompilationException;
import org.fedpoison.kernel.execution.EvaluationException;
import org.fedpoison.kernel.execution.MagicException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel's evaluation, completion and completeness, in process (no Jupyter involved). */
class FedpoisonKernelTest {

    @TempDir
    static Path dir;

    static FedpoisonKernel kernel;

    @BeforeAll
    static void start() {
        kernel = new FedpoisonKernel(dir);
    }

    @AfterAll
    static void stop() {
        kernel.onShutdown(false);
    }

    @Test
    void lastExpressionIsTheObjectNotItsString() {
        Object v = kernel.evalRaw("List<Integer> xs = new ArrayList<>(List.of(3, 1, 2));\nxs");
        assertInstanceOf(List.class, v);
        assertEquals(List.of(3, 1, 2), v);
        assertEquals(6, kernel.evalRaw("xs.stream().mapToInt(Integer::intValue).sum()"));
    }

    @Test
    void declarationsAndVoidCallsHaveNoValue() {
        assertNull(kernel.evalRaw("int declared = 4;"));
        assertNull(kernel.evalRaw("System.out.print(\"\");"));
        assertEquals(8, kernel.evalRaw("declared * 2"));
    }

    @Test
    void assignmentAndBareVariableGiveTheObject() {
        kernel.evalRaw("StringBuilder sb = new StringBuilder(\"a\");");
        assertInstanceOf(StringBuilder.class, kernel.evalRaw("sb"));
        assertEquals("b", kernel.evalRaw("String t;\nt = \"b\""));
    }

    @Test
    void compileErrorNamesTheLineWithACaret() {
        CompilationException e = assertThrows(CompilationException.class,
                () -> kernel.evalRaw("int ok = 1;\nint bad = ok + missingName;"));
        String tb = String.join("\n", e.traceback()).replaceAll("\u001b\\[[0-9;]*m", "");
        assertTrue(tb.contains("   2 | int bad = ok + missingName;"), tb);
        assertEquals(1, kernel.evalRaw("ok"));
    }

    @Test
    void exceptionKeepsItsClassAndMessage() {
        EvaluationException e = assertThrows(EvaluationException.class,
                () -> kernel.evalRaw("Integer.parseInt(\"x\")"));
        assertTrue(e.getMessage().startsWith("java.lang.NumberFormatException"), e.getMessage());
    }

    @Test
    void magicsRunInPlaceAndBadArgumentsAreNamed() throws Exception {
        Files.writeString(dir.resolve("defs.jsh"), "int fromFile = 9;\n");
        assertEquals(10, kernel.evalRaw("%load defs.jsh\nfromFile + 1"));
        MagicException e = assertThrows(MagicException.class, () -> kernel.evalRaw("%jars nowhere/*.jar"));
        assertTrue(e.getMessage().contains("nowhere/*.jar"), e.getMessage());
        assertThrows(MagicException.class, () -> kernel.evalRaw("%maven not:valid"));
    }

    @Test
    void aStandaloneClasspathMagicIsNotTheCellsResultButTimeShowsItsCodesValue() throws Exception {
        Files.createDirectories(dir.resolve("extra-classes"));
        // On a line of its own (every notebook's first cell) the list of added paths is not the cell's result.
        assertNull(kernel.evalRaw("%jars extra-classes"));
        assertEquals(42, kernel.evalRaw("%time 40 + 2"));
    }

    @Test
    void completenessOfMultiLineInput() {
        assertEquals("complete", kernel.isComplete("int a = 1;\nint b = 2;"));
        assertEquals("invalid", kernel.isComplete("}"));
        assertEquals("    ", kernel.isComplete("for (int i = 0; i < 2; i++) {\n"));
        assertEquals("        ", kernel.isComplete("void f() {\n    if (true) {"));
        assertEquals("    ", kernel.isComplete("void f() {\n    int y ="));
    }

    @Test
    void completionSuggestsMembersAtTheCursor() {
        var options = kernel.complete("int x = 1;\nMath.ab", 18);
        assertTrue(options.getReplacements().contains("abs("), options.getReplacements().toString());
        assertEquals(16, options.getSourceStart());
        assertEquals(18, options.getSourceEnd());
    }

    @Test
    void inspectionWorksWithTheCursorInsideAName() {
        String code = "int m = Math.max(1, 2);";
        var doc = kernel.inspect(code, code.indexOf("max") + 1, false);
        String text = (String) doc.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN);
        assertTrue(text.contains("Math.max(int a, int b)"), text);
        assertNull(kernel.inspect("   ", 1, false));
    }
}
