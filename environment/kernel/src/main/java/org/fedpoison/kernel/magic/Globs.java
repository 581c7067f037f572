package org.fedpoison.kernel.magic;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands a path that may hold glob characters ({@code * ? [ ] { }}) into the files it names.
 *
 * <p>Relative paths resolve against a base directory (the kernel's working directory, which Jupyter sets
 * to the notebook's directory); {@code ~/} means the user's home. The part before the first segment with a
 * glob character is a plain directory; the rest is matched with {@link PathMatcher} glob syntax, where
 * {@code *} stays within one directory and {@code **} crosses directories. Results are sorted so the class
 * path order does not depend on the file system.
 */
public final class Globs {

    private Globs() {
    }

    static boolean hasGlob(String s) {
        return s.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    /**
     * @param base    directory that relative patterns resolve against
     * @param pattern a path or a glob
     * @return the existing files it names, sorted; empty when nothing matches
     * @throws IOException if a directory cannot be listed
     */
    public static List<Path> expand(Path base, String pattern) throws IOException {
        String p = pattern;
        if (p.equals("~") || p.startsWith("~/")) {
            p = System.getProperty("user.home") + p.substring(1);
        }
        if (!hasGlob(p)) {
            Path path = base.resolve(p).normalize();
            return Files.exists(path) ? List.of(path) : List.of();
        }
        String[] segments = p.split("/", -1);
        int first = 0;
        while (first < segments.length && !hasGlob(segments[first])) {
            first++;
        }
        String fixed = String.join("/", java.util.Arrays.copyOfRange(segments, 0, first));
        Path root = (fixed.isEmpty() ? (p.startsWith("/") ? Path.of("/") : base) : base.resolve(fixed)).normalize();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        String rest = String.join("/", java.util.Arrays.copyOfRange(segments, first, segments.length));
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        int depth = rest.contains("**") ? Integer.MAX_VALUE : segments.length - first;
        List<Path> out = new ArrayList<>();
        Path r = root;
        try (Stream<Path> walk = Files.walk(root, depth)) {
            walk.filter(f -> !f.equals(r) && matcher.matches(r.relativize(f))).sorted().forEach(out::add);
        }
        return out;
    }
}
