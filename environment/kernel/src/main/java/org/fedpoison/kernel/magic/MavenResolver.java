package org.fedpoison.kernel.magic;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.fedpoison.kernel.execution.MagicException;

/**
 * Resolves Maven artifacts with their runtime dependencies, for {@code %maven} and {@code %loadFromPOM}.
 *
 * <p>The resolver's jars live in a {@code resolver/} directory beside the kernel's jar and are loaded in a
 * class loader of their own on first use, so they cost nothing at start-up and cannot clash with the
 * notebook's libraries. Local repository: {@code -Dmaven.repo.local}, else {@code $FEDPOISON_M2_REPO},
 * else {@code ~/.m2/repository}. Remote: Maven Central ({@code FEDPOISON_MAVEN_REMOTE} overrides it).
 */
final class MavenResolver {

    private static final Pattern COORDINATES = Pattern.compile("[^:\\s]+(:[^:\\s]+){2,4}");
    static final String CENTRAL = "https://repo.maven.apache.org/maven2/";

    private Method resolve;

    /** True if {@code s} has the shape {@code group:artifact[:extension[:classifier]]:version}. */
    static boolean isCoordinates(String s) {
        return COORDINATES.matcher(s).matches();
    }

    /** The local repository directory the resolver uses. */
    static Path localRepository() {
        String p = System.getProperty("maven.repo.local");
        if (p == null || p.isBlank()) {
            p = System.getenv("FEDPOISON_M2_REPO");
        }
        if (p == null || p.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".m2", "repository");
        }
        return Path.of(p);
    }

    /** The remote repositories tried after the local one, in order (Maven Central first). */
    private final java.util.Map<String, String> remotes = new java.util.LinkedHashMap<>();

    MavenResolver() {
        String remote = System.getenv("FEDPOISON_MAVEN_REMOTE");
        remotes.put("central", remote == null || remote.isBlank() ? CENTRAL : remote);
    }

    /** Adds a remote repository ({@code %mavenRepo id url}); a known id gets the new URL. */
    synchronized void addRemote(String id, String url) {
        remotes.put(id, url);
    }

    synchronized java.util.Map<String, String> remotes() {
        return java.util.Map.copyOf(remotes);
    }

    /**
     * @param magic       the magic's name, for messages ({@code %maven})
     * @param coordinates {@code group:artifact[:extension[:classifier]]:version}
     * @return the artifact's file and those of its runtime dependencies
     */
    List<Path> resolve(String magic, String coordinates) {
        if (!isCoordinates(coordinates)) {
            throw new MagicException(magic + ": '" + coordinates + "' is not group:artifact:version");
        }
        List<String> remotes;
        synchronized (this) {
            remotes = new ArrayList<>(this.remotes.values());
        }
        boolean offline = Boolean.getBoolean("fedpoison.maven.offline");
        try {
            @SuppressWarnings("unchecked")
            List<String> files = (List<String>) resolver().invoke(null, coordinates,
                    localRepository().toString(), remotes, offline);
            return files.stream().map(Path::of).toList();
        } catch (InvocationTargetException e) {
            throw new MagicException(magic + ": cannot resolve " + coordinates + ": " + firstLine(e.getCause()));
        } catch (ReflectiveOperationException | IOException | URISyntaxException e) {
            throw new MagicException(magic + ": resolver unavailable: " + firstLine(e));
        }
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private synchronized Method resolver() throws IOException, URISyntaxException, ReflectiveOperationException {
        if (resolve == null) {
            Path kernelJar = codeSource(MavenResolver.class);
            Path dir = kernelJar.getParent(); // target/ for both target/classes and target/fedpoison-kernel.jar
            Path resolverDir = dir.resolve("resolver");
            if (!Files.isDirectory(resolverDir)) {
                throw new IOException("no resolver directory at " + resolverDir);
            }
            List<URL> urls = new ArrayList<>();
            urls.add(kernelJar.toUri().toURL());
            urls.add(codeSource(org.slf4j.LoggerFactory.class).toUri().toURL());
            urls.add(codeSource(org.slf4j.simple.SimpleLogger.class).toUri().toURL());
            try (Stream<Path> jars = Files.list(resolverDir)) {
                for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    urls.add(jar.toUri().toURL());
                }
            }
            ClassLoader loader = new URLClassLoader("fedpoison-maven", urls.toArray(URL[]::new),
                    ClassLoader.getPlatformClassLoader());
            resolve = loader.loadClass(MavenResolution.class.getName())
                    .getMethod("resolve", String.class, String.class, List.class, boolean.class);
        }
        return resolve;
    }

    private static Path codeSource(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
