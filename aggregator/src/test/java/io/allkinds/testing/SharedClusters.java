package io.allkinds.testing;

import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that hands tests two real clusters ("alpha" and "beta"), started once for the
 * whole test run and stopped at its end, even when tests fail.
 */
public final class SharedClusters implements ParameterResolver {

  /** The clusters handed to a test. */
  public record Clusters(KubeCluster alpha, KubeCluster beta) {
    List<KubeCluster> all() {
      return List.of(alpha, beta);
    }
  }

  private record Resource(Clusters clusters) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      for (KubeCluster c : clusters.all()) {
        c.close();
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Clusters.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext.Store store =
        context.getRoot().getStore(ExtensionContext.Namespace.create(SharedClusters.class));
    return store
        .getOrComputeIfAbsent(
            "clusters",
            k -> {
              try {
                KubeCluster alpha = KubeCluster.start("alpha", true);
                KubeCluster beta;
                try {
                  beta = KubeCluster.start("beta", true);
                } catch (Exception e) {
                  alpha.close();
                  throw e;
                }
                Runtime.getRuntime()
                    .addShutdownHook(
                        new Thread(
                            () -> {
                              try {
                                alpha.close();
                                beta.close();
                              } catch (Exception ignored) {
                                // best effort when the JVM dies without JUnit's cleanup
                              }
                            }));
                return new Resource(new Clusters(alpha, beta));
              } catch (Exception e) {
                throw new IllegalStateException(
                    "cannot start the test clusters: " + e.getMessage(), e);
              }
            },
            Resource.class)
        .clusters();
  }
}
