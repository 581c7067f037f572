package org.fedpoison.kernel.magic;

import org.fedpoison.kernel.execution.MagicException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code %maven group:artifact:version...}: resolves each artifact with its runtime dependencies (local
 * repository, then the remote ones: Maven Central and those added with {@code %mavenRepo}) and adds them to the
 * class path. Its value is the list of paths that were new.
 */
final class MavenMagic implements Magic {

    private final MagicContext context;
    private final MavenResolver resolver;

    MavenMagic(MagicContext context, MavenResolver resolver) {
        this.context = context;
        this.resolver = resolver;
    }

    @Override
    public String name() {
        return "maven";
    }

    @Override
    public String usage() {
        return "%maven GROUP:ARTIFACT:VERSION...: resolve artifacts with their runtime dependencies and add them";
    }

    @Override
    public Object line(String invokedAs, List<String> args) {
        if (args.isEmpty()) {
            throw new MagicException(invokedAs + ": expected group:artifact:version");
        }
        List<Path> files = new ArrayList<>();
        for (String coordinates : args) {
            files.addAll(resolver.resolve(invokedAs, coordinates));
        }
        return context.addToClasspath(files).stream().map(Path::toString).toList();
    }
}
