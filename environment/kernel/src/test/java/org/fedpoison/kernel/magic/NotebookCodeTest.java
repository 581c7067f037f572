package org.fedpoison.kernel.magic;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NotebookCodeTest {

    @Test
    void codeCellsInOrderWithListAndStringSources() {
        String nb = "{\"cells\":["
                + "{\"cell_type\":\"markdown\",\"source\":\"# t\"},"
                + "{\"cell_type\":\"code\",\"source\":[\"int a = 1;\\n\",\"a\"]},"
                + "{\"cell_type\":\"raw\",\"source\":\"x\"},"
                + "{\"cell_type\":\"code\",\"source\":\"a + 1\"}]}";
        assertEquals(List.of("int a = 1;\na", "a + 1"), NotebookCode.codeCells(nb));
    }

    @Test
    void notANotebookIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> NotebookCode.codeCells("{]"));
        assertThrows(IllegalArgumentException.class, () -> NotebookCode.codeCells("{\"x\":1}"));
    }

    @Test
    void mavenCoordinatesShape() {
        org.junit.jupiter.api.Assertions.assertTrue(MavenResolver.isCoordinates("g:a:1.0"));
        org.junit.jupiter.api.Assertions.assertTrue(MavenResolver.isCoordinates("g:a:jar:linux:1.0"));
        org.junit.jupiter.api.Assertions.assertFalse(MavenResolver.isCoordinates("g:a"));
        org.junit.jupiter.api.Assertions.assertFalse(MavenResolver.isCoordinates("g:a:b:c:d:e"));
        org.junit.jupiter.api.Assertions.assertFalse(MavenResolver.isCoordinates("g a:b:c"));
    }
}
