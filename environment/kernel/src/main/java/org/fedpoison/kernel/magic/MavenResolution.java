package org.fedpoison.kernel.magic;

import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves one artifact and its runtime dependencies with Maven's resolver (local repository first,
 * then the given remote repositories).
 *
 * <p>This class is loaded only inside {@link MavenMagic}'s isolated class loader, so the resolver's own
 * dependencies never reach the kernel's or the notebook's class path. It talks to the kernel through
 * JDK types only.
 */
public final class MavenResolution {

    private MavenResolution() {
    }

    /**
     * @param coordinates {@code group:artifact[:extension[:classifier]]:version}
     * @param localRepo   the local repository directory (usually {@code ~/.m2/repository})
     * @param remotes     remote repository URLs, tried in order after the local repository
     * @param offline     true to use the local repository only
     * @return absolute paths of the artifact and its runtime dependencies, in resolution order
     * @throws Exception whatever the resolver reports (missing artifact, no network, bad coordinates)
     */
    public static List<String> resolve(String coordinates, String localRepo, List<String> remotes, boolean offline)
            throws Exception {
        RepositorySystem system = new RepositorySystemSupplier().get();
        try {
            RepositorySystemSession.SessionBuilder builder = new SessionBuilderSupplier(system).get();
            builder.withLocalRepositoryBaseDirectories(Path.of(localRepo))
                    .setSystemProperties(System.getProperties())
                    .setOffline(offline);
            try (RepositorySystemSession.CloseableSession session = builder.build()) {
                List<RemoteRepository> repos = new ArrayList<>();
                int i = 0;
                for (String url : remotes) {
                    repos.add(new RemoteRepository.Builder(i++ == 0 ? "central" : "remote" + i, "default", url).build());
                }
                CollectRequest collect = new CollectRequest(
                        new Dependency(new DefaultArtifact(coordinates), JavaScopes.RUNTIME), repos);
                DependencyRequest request = new DependencyRequest(collect,
                        DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
                List<String> files = new ArrayList<>();
                for (ArtifactResult r : system.resolveDependencies(session, request).getArtifactResults()) {
                    if (r.getArtifact() != null && r.getArtifact().getPath() != null) {
                        files.add(r.getArtifact().getPath().toAbsolutePath().toString());
                    }
                }
                return files;
            }
        } finally {
            system.shutdown();
        }
    }
}
