package org.fedpoison.kernel.magic;

import org.fedpoison.kernel.execution.MagicException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code %classpath PATH...} (alias {@code %jars}): adds jars or class directories; each argument may hold
 * several entries separated by {@code :} and glob characters ({@link Globs}); relative paths resolve against the
 * notebook's directory. Its value is the list of paths that were new.
 */
final class ClasspathMagic implements Magic {

    private final MagicContext context;

    ClasspathMagic(MagicContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "classpath";
    }

    @Override
    public List<String> aliases() {
        return List.of("jars");
    }

    @Override
    public String usage() {
        return "%classpath PATH... (alias %jars): add jars or class directories; globs and ':'-separated lists allowed";
    }

    @Override
    public Object line(String invokedAs, List<String> args) {
        if (args.isEmpty()) {
            throw new MagicException(invokedAs + ": expected one or more paths or globs");
        }
        Path workDir = context.workDir();
        List<Path> found = new ArrayList<>();
        for (String arg : args) {
            for (String entry : arg.split(File.pathSeparator)) {
                if (entry.isEmpty()) {
                    continue;
                }
                List<Path> paths;
                try {
                    paths = Globs.expand(workDir, entry);
                } catch (IOException | RuntimeException e) {
                    throw new MagicException(invokedAs + ": cannot read '" + entry + "': " + e.getMessage());
                }
                if (paths.isEmpty()) {
                    throw new MagicException(invokedAs + ": no such file: '" + entry + "' (relative to " + workDir + ")");
                }
                found.addAll(paths);
            }
        }
        return context.addToClasspath(found).stream().map(Path::toString).toList();
    }
}
