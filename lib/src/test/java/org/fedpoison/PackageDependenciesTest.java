package org.fedpoison;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.fedpoison.core.Aggregator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The library's package graph, read by {@code jdeps} from the compiled classes (so every reference
 * counts: imports, fully qualified names, signatures): it has no cycle, and {@code core} depends on
 * no other package of the library. The same check by hand:
 * {@code jdeps -verbose:package -e 'org\.fedpoison\..*' lib/target/classes}.
 */
class PackageDependenciesTest {

    private static final Map<String, Set<String>> GRAPH = new TreeMap<>();

    @BeforeAll
    static void readTheGraph() throws URISyntaxException {
        Path classes = Path.of(Aggregator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isDirectory(classes), "expected the module's classes directory, got " + classes);
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        StringWriter out = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", "-e", "org\\.fedpoison\\..*",
                classes.toString());
        assertEquals(0, rc, out.toString());
        Matcher m = Pattern.compile("^\\s+(org\\.fedpoison\\.[\\w.]+)\\s+->\\s+(org\\.fedpoison\\.[\\w.]+)\\s", Pattern.MULTILINE)
                .matcher(out.toString());
        while (m.find()) {
            GRAPH.computeIfAbsent(pkg(m.group(1)), k -> new TreeSet<>()).add(pkg(m.group(2)));
        }
        assertTrue(GRAPH.size() >= 5, "jdeps found too few packages to be the library: " + out);
    }

    private static String pkg(String pkg) {
        return pkg.substring("org.fedpoison.".length());
    }

    @Test
    void coreDependsOnNoOtherPackage() {
        assertEquals(Set.of(), GRAPH.getOrDefault("core", Set.of()), "core must depend on nothing else of ours");
        assertTrue(GRAPH.values().stream().filter(s -> s.contains("core")).count() >= 5, "the others build on core: " + GRAPH);
    }

    @Test
    void hasNoPackageCycle() {
        List<String> cycles = new ArrayList<>();
        for (String start : GRAPH.keySet()) {
            List<String> path = new ArrayList<>(List.of(start));
            findCycle(start, start, path, new TreeSet<>(), cycles);
        }
        assertEquals(List.of(), cycles, "package graph " + GRAPH);
    }

    /** Depth-first search for a path from {@code at} back to {@code start}. */
    private static void findCycle(String start, String at, List<String> path, Set<String> seen, List<String> cycles) {
        for (String next : GRAPH.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                cycles.add(String.join(" -> ", path) + " -> " + start);
            } else if (seen.add(next)) {
                path.add(next);
                findCycle(start, next, path, seen, cycles);
                path.remove(path.size() - 1);
            }
        }
    }
}
