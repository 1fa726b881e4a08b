package io.allkinds.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File helpers for tests. */
public final class TestFiles {

  private TestFiles() {}

  public static void deleteTree(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** The repository's root folder (the one holding {@code migrations/}). */
  public static Path repoRoot() {
    Path repo = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    while (repo != null && !Files.isDirectory(repo.resolve("migrations"))) {
      repo = repo.getParent();
    }
    if (repo == null) {
      throw new IllegalStateException(
          "cannot find the repository root from " + System.getProperty("user.dir"));
    }
    return repo;
  }

  /**
   * A real operator CRD kept in the repository under {@code deploy/test-env/crds} (origin and
   * licence in its README), so that the suite needs nothing beside the repository.
   */
  public static Path crd(String relative) {
    Path p = repoRoot().resolve("deploy/test-env/crds").resolve(relative);
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException("test CRD not found at " + p);
    }
    return p;
  }
}
