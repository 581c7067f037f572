package org.fedpoison.kernel.analysis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CellPartsTest {

    @Test
    void codeOnlyIsOnePart() {
        List<CellParts.Part> parts = CellParts.split("int x = 1;\nx");
        assertEquals(1, parts.size());
        assertFalse(parts.get(0).isMagic());
        assertEquals(0, parts.get(0).offset());
    }

    @Test
    void magicsSplitCodeAndKeepOffsets() {
        String cell = "int a = 1;\n%jars x.jar y.jar\nint b = 2;";
        List<CellParts.Part> parts = CellParts.split(cell);
        assertEquals(3, parts.size());
        assertEquals("jars", parts.get(1).magic());
        assertEquals(List.of("x.jar", "y.jar"), parts.get(1).args());
        assertEquals(cell.indexOf("int b"), parts.get(2).offset());
        assertEquals("int b = 2;", parts.get(2).text());
    }

    @Test
    void quotesKeepBlanksInOneArgument() {
        assertEquals(List.of("a b", "c", ""), CellParts.words("\"a b\" c ''"));
    }

    @Test
    void magicWithoutArguments() {
        CellParts.Part p = CellParts.split("  %maven").get(0);
        assertTrue(p.isMagic());
        assertEquals("maven", p.magic());
        assertTrue(p.args().isEmpty());
    }

    @Test
    void maskingKeepsOffsets() {
        String cell = "%jars a.jar\nMath.ab";
        String masked = CodeAnalysis.maskMagics(cell);
        assertEquals(cell.length(), masked.length());
        assertTrue(masked.startsWith("           \nMath"));
    }
}
