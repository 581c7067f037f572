package org.fedpoison.kernel;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The kernel's settings, read from the environment with IJava's and JJava's names where they have one
 * ({@code JJAVA_*} first, then {@code IJAVA_*}).
 *
 * <table>
 *   <tr><th>variable</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code IJAVA_COMPILER_OPTS}</td><td>options for JShell's compiler, separated by blanks</td><td>none</td></tr>
 *   <tr><td>{@code IJAVA_TIMEOUT}</td><td>the longest one snippet may run, in ms; {@code -1}: no limit</td><td>-1</td></tr>
 *   <tr><td>{@code IJAVA_CLASSPATH}</td><td>jars and directories added at start ({@code :}-separated, globs)</td><td>none</td></tr>
 *   <tr><td>{@code IJAVA_STARTUP_SCRIPTS_PATH}</td><td>{@code .jsh}/{@code .java} files run at start ({@code :}-separated, globs)</td><td>none</td></tr>
 *   <tr><td>{@code IJAVA_STARTUP_SCRIPT}</td><td>code run at start, after the scripts</td><td>none</td></tr>
 *   <tr><td>{@code FEDPOISON_BUILTIN_RENDERERS}</td><td>{@code false}: render charts and tables only through JJava
 *       extensions on the class path (as stock JJava does)</td><td>true</td></tr>
 *   <tr><td>{@code FEDPOISON_MAX_OUTPUT_BYTES}</td><td>the most stdout+stderr bytes one cell shows</td><td>16 MiB</td></tr>
 *   <tr><td>{@code FEDPOISON_MAX_MESSAGE_MB}</td><td>the largest request accepted, in MB</td><td>16</td></tr>
 *   <tr><td>{@code FEDPOISON_ALLOW_EMPTY_KEY}</td><td>{@code true}: accept a connection file without a key
 *       (then anyone who reaches the ports can run code)</td><td>false</td></tr>
 * </table>
 * A value that cannot be used is reported ({@link #problems()}) with the variable, the value and what is
 * allowed, and the default is used instead.
 *
 * @param compilerOptions  JShell compiler options
 * @param timeoutMillis    per-snippet time limit, or -1 for none
 * @param classpath        class path entries (possibly globs) to add at start
 * @param startupScripts   script files (possibly globs) to run at start
 * @param startupCode      code to run at start, or empty
 * @param builtinRenderers whether the kernel's own chart and table renderers are registered
 * @param maxOutputBytes   the most output bytes per cell
 * @param maxMessageBytes  the largest request in bytes
 * @param allowEmptyKey    whether an empty connection key is accepted
 * @param problems         one message per value that could not be used
 */
record KernelSettings(List<String> compilerOptions, long timeoutMillis, List<String> classpath,
                      List<String> startupScripts, String startupCode, boolean builtinRenderers,
                      long maxOutputBytes, long maxMessageBytes, boolean allowEmptyKey, List<String> problems) {

    static final long DEFAULT_MAX_OUTPUT_BYTES = 16L << 20;
    static final long DEFAULT_MAX_MESSAGE_MB = 16;

    KernelSettings {
        compilerOptions = List.copyOf(compilerOptions);
        classpath = List.copyOf(classpath);
        startupScripts = List.copyOf(startupScripts);
        problems = List.copyOf(problems);
    }

    /** The settings the environment gives. */
    static KernelSettings from(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Reader r = new Reader(env, problems);
        List<String> opts = words(r.either("COMPILER_OPTS"));
        long timeout = r.integer(r.name("TIMEOUT"), r.either("TIMEOUT"), -1, -1, Long.MAX_VALUE,
                "-1 (no limit) or a number of milliseconds >= 1", true);
        List<String> cp = paths(r.either("CLASSPATH"));
        List<String> scripts = paths(r.either("STARTUP_SCRIPTS_PATH"));
        String code = r.either("STARTUP_SCRIPT");
        boolean builtin = r.bool("FEDPOISON_BUILTIN_RENDERERS", true);
        long maxOut = r.integer("FEDPOISON_MAX_OUTPUT_BYTES", env.get("FEDPOISON_MAX_OUTPUT_BYTES"),
                DEFAULT_MAX_OUTPUT_BYTES, 1, Long.MAX_VALUE, "a number of bytes >= 1", false);
        long maxMb = r.integer("FEDPOISON_MAX_MESSAGE_MB", env.get("FEDPOISON_MAX_MESSAGE_MB"),
                DEFAULT_MAX_MESSAGE_MB, 1, 4096, "a whole number of MB from 1 to 4096", false);
        boolean empty = r.bool("FEDPOISON_ALLOW_EMPTY_KEY", false);
        return new KernelSettings(opts, timeout, cp, scripts, code == null ? "" : code, builtin, maxOut,
                maxMb * 1_000_000L, empty, problems);
    }

    private static List<String> words(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.asList(s.strip().split("\\s+"));
    }

    private static List<String> paths(String s) {
        if (s == null || s.isBlank()) {
            return List.of();
        }
        return Arrays.stream(s.split(File.pathSeparator)).map(String::strip).filter(p -> !p.isEmpty()).toList();
    }

    /** Reads variables, noting the ones that cannot be used. */
    private record Reader(Map<String, String> env, List<String> problems) {

        /** The JJAVA_ name if that is set, else the IJAVA_ one. */
        String name(String suffix) {
            return env.containsKey("JJAVA_" + suffix) ? "JJAVA_" + suffix : "IJAVA_" + suffix;
        }

        String either(String suffix) {
            return env.get(name(suffix));
        }

        long integer(String name, String value, long fallback, long min, long max, String allowed, boolean zeroIsNone) {
            if (value == null || value.isBlank()) {
                return fallback;
            }
            try {
                long v = Long.parseLong(value.strip());
                if (zeroIsNone && v == 0) {
                    return -1;
                }
                if (v < min || v > max) {
                    problems.add(name + "='" + value + "' is out of range; allowed: " + allowed + "; using " + fallback);
                    return fallback;
                }
                return v;
            } catch (NumberFormatException e) {
                problems.add(name + "='" + value + "' is not a whole number; allowed: " + allowed + "; using " + fallback);
                return fallback;
            }
        }

        boolean bool(String name, boolean fallback) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                return fallback;
            }
            switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "1", "true", "yes", "on" -> {
                    return true;
                }
                case "0", "false", "no", "off" -> {
                    return false;
                }
                default -> {
                    problems.add(name + "='" + value + "' is not a yes/no value; allowed: true, false, 1, 0; using "
                            + fallback);
                    return fallback;
                }
            }
        }
    }
}
