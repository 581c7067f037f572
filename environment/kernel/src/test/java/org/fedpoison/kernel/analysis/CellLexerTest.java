package org.fedpoison.kernel.analysis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small lexer behind cutting cells into snippets, grouping statements and value magics. */
class CellLexerTest {

    @Test
    void statementEndsSkipLiteralsCommentsAndContinuations() {
        String cell = "int a = 1;\nString s = \"x;\\n}\";\nif (a > 0)\n  a = 2;\nelse\n  a = 3;\nb\n  .c();\n";
        // after "int a = 1;", after the string line, after "a = 3;" and after ".c();": not after "a = 2;"
        // (continued by else) nor inside the literal
        List<Integer> ends = CellParts.statementEnds(cell);
        assertEquals(List.of(end(cell, "int a = 1;\n"), end(cell, "\";\n"), end(cell, "a = 3;\n"), end(cell, ".c();\n")),
                ends);
    }

    private static int end(String cell, String line) {
        return cell.indexOf(line) + line.length();
    }

    @Test
    void plainStatementsAreAssignmentsCallsAndKeywordStatements() {
        for (String s : List.of("total += 1;", "x = 5;", "a[i] = 3;", "obj.f = g(1, 2);", "i++;", "--i;",
                "System.out.println(\"a; b\");", "for (int i = 0; i < 3; i++) { x++; }", "{ x++; }",
                "list.forEach(v -> { a += v; b++; });")) {
            assertTrue(CellParts.isPlainStatement(s), s);
        }
        for (String s : List.of("int x = 5;", "var y = 1;", "Map<String, Integer> m = new HashMap<>();",
                "void f() { }", "class A { }", "new X().run();", "x == 5;", "a = 1; b = 2;", "double d = 1;",
                "import java.util.*;", "x")) {
            assertFalse(CellParts.isPlainStatement(s), s);
        }
    }

    @Test
    void valueMagicsBecomeCallsButPercentsInStringsStay() {
        assertEquals("List<String> cp = org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.lineMagic(\"jars\", "
                        + "java.util.List.of(\"a.jar\", \"b c.jar\"));",
                CellParts.transpileValueMagics("List<String> cp = %jars a.jar \"b c.jar\";"));
        String keep = "String f = \"x=%d\";\nint r = a %= 3;\nboolean e = a == %b;";
        assertEquals(keep, CellParts.transpileValueMagics(keep));
    }

    @Test
    void cellMagicTakesTheRestOfTheCellAsBody() {
        List<CellParts.Part> parts = CellParts.split("%%time arg\nint x = 1;\nx");
        assertEquals(1, parts.size());
        assertEquals("%time", parts.get(0).magic());
        assertEquals(List.of("arg"), parts.get(0).args());
        assertEquals("int x = 1;\nx", parts.get(0).text());
    }
}
