package io.allkinds.testing;

import io.allkinds.app.AllKinds;
import io.allkinds.config.AllKindsConfig;
import io.allkinds.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Starts the real aggregator in this JVM from a YAML configuration written by the test. */
public final class Aggregator implements AutoCloseable {

  private final AllKinds app;
  private final Api api;

  private Aggregator(AllKinds app) {
    this.app = app;
    this.api = new Api(app.httpPort());
  }

  /**
   * Writes {@code yaml} to {@code dir/allkinds.yaml} and starts an aggregator with it (HTTP on a
   * free port).
   */
  public static Aggregator start(Path dir, String yaml) throws Exception {
    Path file = dir.resolve("allkinds.yaml");
    Files.writeString(file, yaml);
    AllKindsConfig config = new ConfigLoader(Map.of()).load(file);
    return new Aggregator(AllKinds.start(config));
  }

  public Api api() {
    return api;
  }

  public int port() {
    return app.httpPort();
  }

  @Override
  public void close() {
    app.close();
  }
}
