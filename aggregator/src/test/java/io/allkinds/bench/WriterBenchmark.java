package io.allkinds.bench;

import io.allkinds.config.StoreConfig;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.model.SyncState;
import io.allkinds.store.BodyCodec;
import io.allkinds.store.ChangeWriter;
import io.allkinds.store.Database;
import io.allkinds.store.OpQueue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store writer alone: N listed ConfigMaps of about 1 KB (two labels each) into an empty H2
 * file, then (on H2) the trigram index of their search texts as the running store's indexer adds
 * it, then N modifications through watch events. Prints objects per second and file sizes. Run:
 * {@code mvn -pl aggregator test -Dtest=WriterBenchmark -Dbench.writer=100000}.
 */
@EnabledIfSystemProperty(
    named = "bench.writer",
    matches = "\\d+",
    disabledReason = "a benchmark: run it with -Dbench.writer=N")
class WriterBenchmark {

  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);

  @TempDir Path tmp;

  @Test
  void writeRate() throws Exception {
    int n = Integer.getInteger("bench.writer");
    BodyCodec codec = new BodyCodec();
    String payload = "x".repeat(900);
    String url =
        System.getProperty(
            "bench.url",
            "jdbc:h2:file:"
                + tmp.resolve("db/allkinds")
                + System.getProperty("bench.urlSuffix", ""));
    try (Database db =
        Database.open(
            new StoreConfig(
                url, System.getProperty("bench.user"), System.getProperty("bench.password")))) {
      this.db = db;
      ChangeWriter writer =
          new ChangeWriter(
              db.dataSource(),
              new OpQueue(10_000, 64 << 20),
              500,
              new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
              io.allkinds.store.WriteFence.NONE);
      writer.start();
      writer.submit(new StoreOp.TypeStatus("c", CM, SyncState.LISTING, null));
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        writer.submit(new StoreOp.Listed("c", CM, 1, object(codec, i, "1", payload)));
      }
      writer.submit(new StoreOp.ListDone("c", CM, 1, "1", n));
      awaitDrained(writer, n + 2L);
      double listS = (System.nanoTime() - t0) / 1e9;
      long afterList = size();
      // What the SearchIndexer does behind the writer of a running store (H2 only).
      long tIndex = System.nanoTime();
      long indexed = db.indexSearchText();
      double indexS = (System.nanoTime() - tIndex) / 1e9;
      long afterIndex = size();
      long t1 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        writer.submit(
            new StoreOp.WatchEvent(
                "c", CM, io.allkinds.model.EventType.MODIFIED, object(codec, i, "2", payload)));
      }
      awaitDrained(writer, 2L * n + 2);
      double watchS = (System.nanoTime() - t1) / 1e9;
      writer.close();
      System.out.printf("%n=== writer benchmark: %d objects ===%n", n);
      System.out.printf(
          "initial list: %.2f s (%.0f objects/s); file %.1f MB%n",
          listS, n / listS, afterList / 1e6);
      if (indexed > 0) {
        System.out.printf(
            "q= index behind the writer: %d objects in %.2f s (%.0f objects/s); file %.1f MB%n",
            indexed, indexS, indexed / indexS, afterIndex / 1e6);
      }
      System.out.printf(
          "modifications: %.2f s (%.0f changes/s); file %.1f MB%n",
          watchS, n / watchS, size() / 1e6);
    }
    if (!url.startsWith("jdbc:postgresql:")) {
      System.out.printf("file after close: %.1f MB%n", size() / 1e6);
    }
  }

  private static ObservedObject object(BodyCodec codec, int i, String rv, String payload) {
    String json =
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm-"
            + i
            + "\",\"namespace\":\"ns-"
            + (i % 10)
            + "\",\"uid\":\"uid-"
            + i
            + "\",\"resourceVersion\":\""
            + rv
            + "\",\"labels\":{\"app\":\"bench\",\"shard\":\""
            + (i % 7)
            + "\"}},\"data\":{\"payload\":\""
            + payload
            + rv
            + "\"}}";
    return new ObservedObject(
        "ns-" + (i % 10),
        "cm-" + i,
        "uid-" + i,
        rv + "-" + i,
        Map.of("app", "bench", "shard", String.valueOf(i % 7)),
        Instant.now(),
        codec.encode(json.getBytes(StandardCharsets.UTF_8)));
  }

  private void awaitDrained(ChangeWriter writer, long ops) throws InterruptedException {
    while (writer.queueDepth() > 0 || writer.opsWritten() < ops) {
      Thread.sleep(20); // polling while the writer drains; the figure is the elapsed time
    }
  }

  private Database db;

  /** The H2 files' size, or the PostgreSQL database's. */
  private long size() throws Exception {
    if (!Files.isDirectory(tmp.resolve("db"))) {
      try (var c = db.dataSource().getConnection();
          var st = c.createStatement();
          var rs = st.executeQuery("SELECT pg_database_size(current_database())")) {
        rs.next();
        return rs.getLong(1);
      }
    }
    try (Stream<Path> files = Files.list(tmp.resolve("db"))) {
      return files.mapToLong(f -> f.toFile().length()).sum();
    }
  }
}
