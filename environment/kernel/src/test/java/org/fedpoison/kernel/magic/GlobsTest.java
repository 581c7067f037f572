package org.fedpoison.kernel.magic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GlobsTest {

    @TempDir
    Path dir;

    private void touch(String... names) throws Exception {
        for (String n : names) {
            Path p = dir.resolve(n);
            Files.createDirectories(p.getParent());
            Files.createFile(p);
        }
    }

    @Test
    void starMatchesWithinOneDirectorySorted() throws Exception {
        touch("lib/b.jar", "lib/a.jar", "lib/c.txt", "lib/sub/d.jar");
        assertEquals(List.of(dir.resolve("lib/a.jar"), dir.resolve("lib/b.jar")), Globs.expand(dir, "lib/*.jar"));
    }

    @Test
    void doubleStarCrossesDirectories() throws Exception {
        touch("lib/a.jar", "lib/sub/d.jar");
        assertEquals(2, Globs.expand(dir, "lib/**.jar").size());
    }

    @Test
    void relativePathsResolveAgainstTheBase() throws Exception {
        touch("x/one.jar");
        Path base = dir.resolve("notebooks");
        Files.createDirectories(base);
        assertEquals(List.of(dir.resolve("x/one.jar")), Globs.expand(base, "../x/*.jar"));
        assertEquals(List.of(dir.resolve("x/one.jar")), Globs.expand(base, "../x/one.jar"));
    }

    @Test
    void absolutePatternsWork() throws Exception {
        touch("abs/z.jar");
        assertEquals(List.of(dir.resolve("abs/z.jar")), Globs.expand(Path.of("/"), dir + "/abs/*.jar"));
    }

    @Test
    void nothingMatchingGivesEmpty() throws Exception {
        assertTrue(Globs.expand(dir, "missing/*.jar").isEmpty());
        assertTrue(Globs.expand(dir, "missing.jar").isEmpty());
    }
}
