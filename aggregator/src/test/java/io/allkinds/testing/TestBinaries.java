package io.allkinds.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the etcd, kube-apiserver, kubectl and PostgreSQL binaries that deploy/test-env/install.sh
 * installs.
 */
public final class TestBinaries {

  private static final String K8S_VERSION = "v1.20.2";

  private TestBinaries() {}

  public static Path etcd() {
    for (String candidate : new String[] {"/usr/bin/etcd", "/usr/local/bin/etcd"}) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Path.of(candidate);
      }
    }
    throw missing("etcd");
  }

  public static Path kubeApiServer() {
    return k8s("kube-apiserver");
  }

  public static Path kubeControllerManager() {
    return k8s("kube-controller-manager");
  }

  /** The bin folder of the newest PostgreSQL (15 or newer) from Debian's packages. */
  public static Path postgresBin() {
    Path root = Path.of("/usr/lib/postgresql");
    try (var versions = Files.list(root)) {
      return versions
          .filter(
              v ->
                  v.getFileName().toString().matches("\\d+")
                      && Integer.parseInt(v.getFileName().toString()) >= 15)
          .max(java.util.Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())))
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .orElseThrow(() -> missing("PostgreSQL 15 or newer (initdb)"));
    } catch (java.io.IOException e) {
      throw missing("PostgreSQL 15 or newer (" + root + ")");
    }
  }

  /**
   * The kubectl that deploy/test-env/install.sh installs (v1.30, in the cache), else the one on the
   * PATH; empty when there is neither.
   */
  public static Optional<Path> kubectl() {
    Path cached = cache().resolve("kubectl-v1.30").resolve("kubectl");
    if (Files.isExecutable(cached)) {
      return Optional.of(cached);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator, -1)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "kubectl"))) {
        return Optional.of(Path.of(dir, "kubectl"));
      }
    }
    return Optional.empty();
  }

  private static Path cache() {
    return Path.of(
        System.getenv()
            .getOrDefault(
                "ALLKINDS_CACHE",
                Path.of(System.getProperty("user.home"), ".cache", "allkinds").toString()));
  }

  private static Path k8s(String binary) {
    Path p = cache().resolve("k8s-" + K8S_VERSION).resolve(binary);
    if (!Files.isExecutable(p)) {
      throw missing(p.toString());
    }
    return p;
  }

  private static IllegalStateException missing(String what) {
    return new IllegalStateException(
        what
            + " is not installed: run deploy/test-env/install.sh"
            + " (the README's test command does so)");
  }
}
