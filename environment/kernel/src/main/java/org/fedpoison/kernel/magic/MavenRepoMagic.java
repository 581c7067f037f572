package org.fedpoison.kernel.magic;

import org.fedpoison.kernel.execution.MagicException;

import java.net.URI;
import java.util.List;

/**
 * {@code %mavenRepo ID URL}: adds a remote Maven repository that {@code %maven} and {@code %loadFromPOM} try
 * after the earlier ones (IJava's spelling). The URL must be {@code http(s)} or {@code file}.
 */
final class MavenRepoMagic implements Magic {

    private final MavenResolver resolver;

    MavenRepoMagic(MavenResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public String name() {
        return "mavenRepo";
    }

    @Override
    public String usage() {
        return "%mavenRepo ID URL: add a remote Maven repository for %maven and %loadFromPOM";
    }

    @Override
    public Object line(String invokedAs, List<String> args) {
        if (args.size() != 2) {
            throw new MagicException(invokedAs + ": expected ID URL, got " + args.size() + " arguments");
        }
        add(invokedAs, resolver, args.get(0), args.get(1));
        return null;
    }

    static void add(String invokedAs, MavenResolver resolver, String id, String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new MagicException(invokedAs + ": '" + url + "' is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!List.of("http", "https", "file").contains(scheme)) {
            throw new MagicException(invokedAs + ": repository URL '" + url + "' must start with https://, http:// or file:");
        }
        resolver.addRemote(id, url.endsWith("/") ? url : url + "/");
    }
}
