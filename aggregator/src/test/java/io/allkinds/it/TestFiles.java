package io.allkinds.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File helpers for tests. */
final class TestFiles {

  private TestFiles() {}

  static void deleteTree(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** The repository's root folder (the one holding {@code migrations/}). */
  static Path repoRoot() {
    Path repo = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    while (repo != null && !Files.isDirectory(repo.resolve("migrations"))) {
      repo = repo.getParent();
    }
    if (repo == null) {
      throw new IllegalStateException("cannot find the repository root from " + System.getProperty("user.dir"));
    }
    return repo;
  }

  /** The shared test data folder: {@code ALLKINDS_SHARED}, or {@code ../shared} beside the repository. */
  static Path shared() {
    String env = System.getenv("ALLKINDS_SHARED");
    Path repo = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    while (repo != null && !Files.exists(repo.resolve("migrations"))) {
      repo = repo.getParent();
    }
    Path p = env != null ? Path.of(env) : repo == null ? Path.of("../shared") : repo.getParent().resolve("shared");
    if (!Files.isDirectory(p.resolve("testdata"))) {
      throw new IllegalStateException("shared test data not found at " + p + "; set ALLKINDS_SHARED");
    }
    return p;
  }
}
