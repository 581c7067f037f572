package org.fedpoison;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "how to construct" table names only factories that exist: every {@code Class.method(}
 * in it (and every {@code / method(} that continues the class before it) is a public static method
 * of that public class of the library.
 */
class ConstructionTableTest {

    static final List<String> PACKAGES = List.of("core", "data", "model", "fl", "aggregate", "attack", "attack.data",
            "attack.model", "attack.sybil", "metrics", "defense", "util");

    static Class<?> find(String simpleName) {
        for (String p : PACKAGES) {
            try {
                return Class.forName("org.fedpoison." + p + "." + simpleName);
            } catch (ClassNotFoundException e) {
                // next package
            }
        }
        return null;
    }

    @Test
    void everyFactoryTheTableNamesExists() throws Exception {
        String readme = Files.readString(ReadmeExampleTest.readme());
        int start = readme.indexOf("How to construct each component");
        assertTrue(start >= 0, "README.md has no construction table");
        int end = readme.indexOf("\n\n", readme.indexOf("| --- |", start));
        String table = readme.substring(start, end);
        Pattern call = Pattern.compile("(?:([A-Z][A-Za-z0-9]*)\\.)?([a-z][A-Za-z0-9]*)\\(");
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (String row : table.split("\n")) {
            if (!row.startsWith("| ") || row.startsWith("| kind") || row.startsWith("| ---")) {
                continue;
            }
            String[] cells = row.split("\\|");
            String construct = cells[cells.length - 1];
            Class<?> current = null;
            Matcher code = Pattern.compile("`([^`]*)`").matcher(construct);
            while (code.find()) {
                String span = code.group(1);
                if (span.startsWith("new ") || span.contains("->") || span.startsWith(".") || span.startsWith("…")) {
                    continue; // a constructor of a record, a lambda, or a chained call
                }
                Matcher m = call.matcher(span);
                if (!m.lookingAt()) {
                    continue;
                }
                if (m.group(1) != null) {
                    current = find(m.group(1));
                    if (current == null) {
                        missing.add(m.group(1) + " (no such class)");
                        continue;
                    }
                } else if (current == null) {
                    continue;
                }
                String name = m.group(2);
                boolean found = Arrays.stream(current.getMethods()).anyMatch(
                        (Method x) -> x.getName().equals(name) && Modifier.isStatic(x.getModifiers()));
                if (!found) {
                    missing.add(current.getSimpleName() + "." + name);
                }
                checked++;
            }
        }
        assertEquals(List.of(), missing, "factories the README names but the library lacks");
        assertTrue(checked >= 60, "only " + checked + " factories read from the table");
    }
}
