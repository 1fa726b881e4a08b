package io.allkinds.app;

import io.allkinds.config.StoreConfig;
import io.allkinds.store.Database;
import io.allkinds.store.StoreCopy;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code allkinds copy-store}: moves a store to another engine, e.g. from the embedded H2 file to
 * PostgreSQL, with its whole journal; run it while no aggregator uses either store.
 */
@Command(
    name = "copy-store",
    mixinStandardHelpOptions = true,
    description =
        "Copies the latest state, the journal and the resume points of one store into a new, empty one"
            + " (e.g. H2 -> PostgreSQL). Stop every aggregator using either store first. Passwords come from files or"
            + " from ALLKINDS_FROM_PASSWORD / ALLKINDS_STORE_PASSWORD, never from the command line.")
final class CopyStoreCommand implements Callable<Integer> {

  @Option(
      names = "--from",
      required = true,
      paramLabel = "JDBC_URL",
      description = "The store to read, e.g." + " jdbc:h2:file:./data/allkinds")
  private String fromUrl;

  @Option(names = "--from-user", paramLabel = "USER")
  private String fromUser;

  @Option(
      names = "--from-password-file",
      paramLabel = "FILE",
      description = "A file holding the source's password" + " (default: ALLKINDS_FROM_PASSWORD)")
  private java.nio.file.Path fromPasswordFile;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "JDBC_URL",
      description =
          "The empty store to fill, e.g."
              + " jdbc:postgresql://db:5432/allkinds (its schema is created by the migrations)")
  private String toUrl;

  @Option(names = "--to-user", paramLabel = "USER")
  private String toUser;

  @Option(
      names = "--to-password-file",
      paramLabel = "FILE",
      description = "A file holding the target's password" + " (default: ALLKINDS_STORE_PASSWORD)")
  private java.nio.file.Path toPasswordFile;

  private static String password(java.nio.file.Path file, String env) throws java.io.IOException {
    return file == null ? System.getenv(env) : java.nio.file.Files.readString(file).strip();
  }

  @Override
  public Integer call() throws java.io.IOException {
    if (fromUrl.startsWith("jdbc:h2:file:")) {
      String path = fromUrl.substring("jdbc:h2:file:".length()).split(";", 2)[0];
      if (!java.nio.file.Files.exists(java.nio.file.Path.of(path + ".mv.db"))) {
        // Opening it would create an empty store and copy nothing.
        System.err.println("allkinds copy-store: no H2 store at " + path + ".mv.db");
        return 1;
      }
    }
    String fromPassword = password(fromPasswordFile, "ALLKINDS_FROM_PASSWORD");
    String toPassword = password(toPasswordFile, "ALLKINDS_STORE_PASSWORD");
    try (Database from = Database.open(new StoreConfig(fromUrl, fromUser, fromPassword));
        Database to = Database.open(new StoreConfig(toUrl, toUser, toPassword))) {
      long t0 = System.nanoTime();
      new StoreCopy(
              from.dataSource(), to.dataSource(), line -> System.out.println("copy-store: " + line))
          .run();
      System.out.printf(
          "copy-store: done in %.1f s; point store.url at %s and start the aggregator%n",
          (System.nanoTime() - t0) / 1e9, toUrl);
      return 0;
    } catch (RuntimeException | java.sql.SQLException e) {
      System.err.println("allkinds copy-store: " + e.getMessage());
      return 1;
    }
  }
}
