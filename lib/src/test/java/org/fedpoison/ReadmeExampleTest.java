package org.fedpoison;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.fedpoison.fl.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.Table;

/**
 * The example of the top-level README, read from {@code README.md} itself (the first {@code java}
 * block of the section "Using the library outside notebooks"), compiled against the library as a
 * user's program would be (the imports below are all it is given) and run; then the claims the
 * README makes of it are checked. So the README cannot drift from the library: a change to either
 * that breaks the example fails here.
 */
class ReadmeExampleTest {

    /** What the example may use without an import of its own, as a user's file would import it. */
    static final List<String> IMPORTS = List.of("java.util.*", "org.fedpoison.core.*", "org.fedpoison.data.*",
            "org.fedpoison.model.*", "org.fedpoison.fl.*", "org.fedpoison.aggregate.*", "org.fedpoison.attack.*",
            "org.fedpoison.attack.data.*", "org.fedpoison.attack.model.*", "org.fedpoison.metrics.*",
            "org.fedpoison.plot.*", "tech.tablesaw.api.Table", "org.knowm.xchart.XYChart");

    static Path readme() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("README.md");
            if (Files.isRegularFile(p) && Files.isDirectory(dir.resolve("lib"))) {
                return p;
            }
        }
        throw new AssertionError("no README.md above " + Path.of("").toAbsolutePath() + " beside a lib/ folder");
    }

    /** The first {@code ```java} block after the heading {@code ## Using the library outside notebooks}. */
    static String example(String readme) {
        int section = readme.indexOf("\n## Using the library outside notebooks");
        assertTrue(section >= 0, "README.md has no section 'Using the library outside notebooks'");
        int next = readme.indexOf("\n## ", section + 1);
        String text = readme.substring(section, next < 0 ? readme.length() : next);
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertTrue(m.find(), "the section 'Using the library outside notebooks' has no java block");
        return m.group(1);
    }

    @Test
    void theReadmeExampleCompilesRunsAndTheBackdoorIsMeasured(@TempDir Path tmp) throws Exception {
        String code = example(Files.readString(readme()));
        assertTrue(code.contains("History h =") && code.contains("Table table =") && code.contains("XYChart chart ="),
                "the example no longer names h, table and chart, which this test checks:\n" + code);
        StringBuilder src = new StringBuilder();
        for (String imp : IMPORTS) {
            src.append("import ").append(imp).append(";\n");
        }
        src.append("public class ReadmeExample implements java.util.function.Supplier<Object[]> {\n")
                .append("    public Object[] get() {\n").append(code)
                .append("        return new Object[] {h, table, chart};\n    }\n}\n");
        Path file = tmp.resolve("ReadmeExample.java");
        Files.writeString(file, src);
        Path out = Files.createDirectory(tmp.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "this JDK has no compiler");
        StringWriter diagnostics = new StringWriter();
        int rc = javac.run(null, null, new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                diagnostics.write(b);
            }
        }, true), "-classpath", classPath(), "-d", out.toString(), "-Xlint:none", file.toString());
        assertEquals(0, rc, "the README example does not compile:\n" + diagnostics + "\n" + src);

        Object[] result;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
            @SuppressWarnings("unchecked")
            Supplier<Object[]> run = (Supplier<Object[]>) loader.loadClass("ReadmeExample").getDeclaredConstructor()
                    .newInstance();
            result = run.get();
        }
        History h = (History) result[0];
        Table table = (Table) result[1];
        XYChart chart = (XYChart) result[2];

        assertEquals(20, table.rowCount());
        assertTrue(chart.getSeriesMap().size() >= 1);
        double[] success = h.metric("backdoor_success");
        // before the attacker's round the trigger does little; right after its boosted round it works
        assertTrue(success[14] < 0.5, "backdoor success before the attack: " + success[14]);
        assertTrue(success[15] > 0.9, "backdoor success after one boosted round: " + success[15]);
    }

    /** The test's class path, as javac takes it (surefire may pass it in a manifest-only jar, which javac follows). */
    static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }
}
