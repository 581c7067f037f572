package org.fedpoison.exercises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Every piece of code a hint suggests (between backticks) compiles and runs in the context where
 * the hint is shown: after the imports of notebook 07 and the stub cell of its exercise, with the
 * stub's variable names and types. The stubs below must stay those of notebook 07; the notebook
 * test (nbrun) executes them there.
 */
class HintsCompileTest {
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    private static final List<String> IMPORTS = List.of(
            "import java.util.*;", "import org.fedpoison.exercises.*;", "import org.fedpoison.leverage.*;");

    /** Notebook 07's stub for Exercise 35.4.2, with one wrong answer filled in so that hints appear. */
    private static final List<String> STUB_2 = List.of(
            "double[] honestValues = MeanEstimation.ofText().honestReports();",
            "double target = 0.0;",
            "double[] exampleCounts = new double[20]; Arrays.fill(exampleCounts, 100); exampleCounts[0] = 10;",
            "Integer attacker = 0;",
            "Double craftedUpdate = -1.0;");

    private static Set<String> snippets(Stream<Arguments> table) {
        Set<String> code = new LinkedHashSet<>();
        table.forEach(a -> {
            @SuppressWarnings("unchecked")
            Feedback f = ((Supplier<Feedback>) a.get()[2]).get();
            Matcher m = CODE.matcher(f.toString());
            while (m.find()) {
                code.add(m.group(1));
            }
        });
        return code;
    }

    private static void assertRuns(List<String> context, Set<String> code) {
        assertFalse(code.isEmpty(), "expected some hints with code");
        try (JShell js = JShell.builder().executionEngine("local").build()) {
            js.addToClasspath(System.getProperty("java.class.path"));
            List<String> all = new ArrayList<>(IMPORTS);
            all.addAll(context);
            for (String s : all) {
                eval(js, s);
            }
            for (String s : code) {
                eval(js, s);
            }
        }
    }

    private static void eval(JShell js, String source) {
        String rest = source;
        while (!rest.isBlank()) {
            var info = js.sourceCodeAnalysis().analyzeCompletion(rest);
            String one = info.source() == null ? rest : info.source();
            for (SnippetEvent e : js.eval(one)) {
                assertEquals(Snippet.Status.VALID, e.status(), () -> "does not compile: " + one + "  "
                        + js.diagnostics(e.snippet()).map(d -> d.getMessage(null)).toList());
                assertTrue(e.exception() == null, () -> "throws: " + one + "  " + e.exception());
            }
            rest = info.remaining();
        }
    }

    @Test
    void exercise2HintsCompileAfterItsStub() {
        assertRuns(STUB_2, snippets(Exercise2Test.table()));
    }

    @Test
    void exercise3HintsCompileAnywhere() {
        assertRuns(List.of(), snippets(Exercise3Test.table()));
    }
}
