package org.fedpoison.kernel.execution;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExecutionTest {

    private final Execution execution = new Execution(new Execution.Settings(List.of(), -1,
            List.of("import java.util.*;")));

    @AfterEach
    void close() {
        execution.close();
    }

    private Object cell(String code) {
        execution.beginCell();
        try {
            return execution.runJava(code, code, 0);
        } finally {
            execution.endCell();
        }
    }

    @Test
    void expressionTemporariesAreNotKept() {
        long before = execution.shell().snippets().count();
        for (int i = 0; i < 60; i++) {
            assertEquals(String.valueOf(2 * i), String.valueOf(cell("int v" + (i % 3) + " = " + i + "; v" + (i % 3) + " * 2")));
        }
        // one declaration per cell stays (JShell keeps overwritten ones); no $n of the 60 expressions does
        assertEquals(before + 60, execution.shell().snippets().count());
        assertTrue(execution.shell().variables().noneMatch(v -> v.name().startsWith("$")));
    }

    @Test
    void codeMadeInADroppedTemporaryStillRunsAndReportsItsErrors() {
        cell("List<Runnable> tasks = new ArrayList<>();");
        cell("tasks.add(() -> System.setProperty(\"fedpoison.test\", \"ran\"))");
        cell("tasks.add(() -> { throw new IllegalStateException(\"boom\"); })");
        cell("tasks.get(0).run();");
        assertEquals("ran", System.getProperty("fedpoison.test"));
        EvaluationException e = assertThrows(EvaluationException.class, () -> cell("tasks.get(1).run();"));
        assertTrue(e.getMessage().contains("boom"), e.getMessage());
        assertThrows(EvaluationException.class, () -> cell("1 / (tasks.size() - 2)"));
        assertEquals("2", String.valueOf(cell("tasks.size()")));
    }
}
