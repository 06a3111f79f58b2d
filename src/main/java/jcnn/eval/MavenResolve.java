package jcnn.eval;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession.CloseableSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * Resolves {@code %maven group:artifact:version} with Maven Resolver: the artifact and its
 * runtime dependencies, from Maven Central into the local repository ({@code ~/.m2/repository},
 * or {@code -Dmaven.repo.local}). Without network (or with {@code -Djcnn.maven.offline=true})
 * only the local repository is used.
 */
final class MavenResolve {
    private static final String CENTRAL = "https://repo.maven.apache.org/maven2/";

    private MavenResolve() {
    }

    /**
     * The jars of {@code coordinates} and its runtime dependencies, artifact first.
     *
     * @throws IllegalArgumentException when the coordinates are malformed or cannot be resolved,
     *                                  saying whether the network was used
     */
    static List<Path> resolve(String coordinates) {
        if (!coordinates.matches("[^:\\s]+:[^:\\s]+(:[^:\\s]+){1,3}")) {
            throw new IllegalArgumentException("%maven: expected group:artifact:version (for example "
                + "org.apache.commons:commons-math3:3.6.1) but got \"" + coordinates + "\"");
        }
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR"); // no "no SLF4J provider" notice in the cell
        }
        boolean forced = Boolean.getBoolean("jcnn.maven.offline");
        boolean offline = forced || !centralReachable();
        Path local = Path.of(System.getProperty("maven.repo.local",
            Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
        RepositorySystem system = new RepositorySystemSupplier().get();
        try (CloseableSession session = new SessionBuilderSupplier(system).get()
                .withLocalRepositoryBaseDirectories(local)
                .setOffline(offline)
                .setSystemProperties(System.getProperties())
                .build()) {
            RemoteRepository central = new RemoteRepository.Builder("central", "default", CENTRAL).build();
            CollectRequest collect = new CollectRequest(new Dependency(new DefaultArtifact(coordinates), "runtime"), List.of(central));
            DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter("runtime"));
            List<Path> jars = new ArrayList<>();
            for (ArtifactResult result : system.resolveDependencies(session, request).getArtifactResults()) {
                if (result.getArtifact() != null && result.getArtifact().getPath() != null) {
                    jars.add(result.getArtifact().getPath());
                }
            }
            return jars;
        } catch (DependencyResolutionException e) {
            throw new IllegalArgumentException("%maven " + coordinates + ": cannot resolve it "
                + (offline ? "offline from " + local + (forced ? " (-Djcnn.maven.offline=true)" : " (Maven Central is not reachable)")
                    : "from Maven Central")
                + ": " + rootMessage(e), e);
        } finally {
            system.shutdown();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? e.getMessage() : e.getMessage() + " (" + t.getMessage() + ")";
    }

    /** A quick TCP check, so that no network means a fast offline resolution, not a long timeout. */
    private static boolean centralReachable() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("repo.maven.apache.org", 443), 1500);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
