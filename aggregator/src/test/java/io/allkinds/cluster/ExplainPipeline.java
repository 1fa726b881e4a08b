package io.allkinds.cluster;

import io.allkinds.config.StoreConfig;
import io.allkinds.model.EventType;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.model.SyncState;
import io.allkinds.store.BodyCodec;
import io.allkinds.store.ChangeWriter;
import io.allkinds.store.Database;
import io.allkinds.store.OpQueue;
import io.allkinds.store.WriteFence;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * One store with its real {@link ChangeWriter}, fed by the real {@link ObjectEncoder} with or
 * without digests, for {@link ExplainWriterBenchmark}: objects are parsed and encoded on the
 * calling thread and written on the writer's, as a list lane or a watch feeds the product's writer;
 * a chunk's time runs from its first submit until the writer committed its last op.
 */
final class ExplainPipeline implements AutoCloseable {

  static final int LIST = 0;
  static final int MODIFY = 1;

  private static final List<ResourceType> TYPES =
      List.of(ExplainObjects.PODS, ExplainObjects.DEPLOYMENTS, ExplainObjects.CONFIG_MAPS);

  /** What the encoder hands the writer. */
  enum Variant {
    /** No digests: the writer keeps no changed paths, actors or edges (the baseline). */
    BEFORE("before"),
    /** Digests without the edges: changed paths and actors, no edges. */
    FACTS("facts only"),
    /** The product as it is: changed paths, actors and edges. */
    AFTER("after");

    final String label;

    Variant(String label) {
      this.label = label;
    }
  }

  final Variant variant;
  private final StoreConfig config;
  private final Database db;
  private final ChangeWriter writer;
  private final ObjectEncoder encoder;
  private long ops;

  /** Per phase: the nanoseconds spent writing, and those spent parsing and encoding. */
  final long[] nanos = new long[2];

  final long[] encodeNanos = new long[2];

  ExplainPipeline(StoreConfig config, Variant variant) throws InterruptedException {
    this.config = config;
    this.variant = variant;
    this.encoder =
        new ObjectEncoder(
            new BodyCodec(), true, new Redactor(List.of()), variant != Variant.BEFORE);
    this.db = Database.open(config);
    for (String index : System.getProperty("bench.dropIndexes", "").split(",", -1)) {
      if (!index.isBlank()) {
        try (var c = db.dataSource().getConnection();
            var st = c.createStatement()) {
          st.execute("DROP INDEX " + index);
        } catch (java.sql.SQLException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    this.writer =
        new ChangeWriter(
            db.writerDataSource(),
            new OpQueue(10_000, 64 << 20),
            500,
            new SimpleMeterRegistry(),
            WriteFence.NONE);
    writer.start();
    for (ResourceType t : TYPES) {
      writer.submit(new StoreOp.TypeStatus("c1", t, SyncState.LISTING, null));
    }
    ops = TYPES.size();
    awaitWritten();
  }

  /**
   * Lists (ADDED) objects {@code from} to {@code to} of {@code n} in the list's order, or modifies
   * as many in the watch's order; returns the elapsed nanos.
   */
  long write(int from, int to, int n, int phase) throws InterruptedException {
    long t0 = System.nanoTime();
    long encoding = 0;
    for (int k = from; k < to; k++) {
      int i = phase == LIST ? k : ExplainObjects.watched(k, n);
      long e0 = System.nanoTime();
      ResourceType type = ExplainObjects.type(i);
      ObservedObject o = encoder.encode(type, ExplainObjects.object(i, phase == LIST ? 1 : 2));
      if (variant == Variant.FACTS) {
        o = withoutEdges(o);
      }
      encoding += System.nanoTime() - e0;
      writer.submit(
          phase == LIST
              ? new StoreOp.Listed("c1", type, 1, o)
              : new StoreOp.WatchEvent("c1", type, EventType.MODIFIED, o));
    }
    ops += to - from;
    awaitWritten();
    long elapsed = System.nanoTime() - t0;
    nanos[phase] += elapsed;
    encodeNanos[phase] += encoding;
    return elapsed;
  }

  /** The object with a digest that states no edges, as a writer without them would get it. */
  private static ObservedObject withoutEdges(ObservedObject o) {
    return new ObservedObject(
        o.namespace(),
        o.name(),
        o.uid(),
        o.resourceVersion(),
        o.labels(),
        o.createdAt(),
        o.body(),
        o.digest().withoutEdges());
  }

  /** Ends the list of {@code n} objects (not timed). */
  void listDone(int n) throws InterruptedException {
    for (ResourceType t : TYPES) {
      long count = IntStream.range(0, n).filter(i -> ExplainObjects.type(i).equals(t)).count();
      writer.submit(new StoreOp.ListDone("c1", t, 1, "1", count));
    }
    ops += TYPES.size();
    awaitWritten();
  }

  /** What the writer kept: entries, those with changed paths and with actors, edges; file size. */
  String facts() throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT (SELECT COUNT(*) FROM journal),"
                    + " (SELECT COUNT(*) FROM journal WHERE changed_paths IS NOT NULL),"
                    + " (SELECT COUNT(*) FROM journal WHERE changed_paths = ',/status,'),"
                    + " (SELECT COUNT(*) FROM journal WHERE actors IS NOT NULL),"
                    + " (SELECT COUNT(*) FROM object_edge_sets),"
                    + " (SELECT COUNT(first_target) + COUNT(second_target) FROM object_edge_sets)"
                    + " + (SELECT COUNT(*) FROM object_edge_targets)")) {
      rs.next();
      return String.format(
          Locale.ROOT,
          "journal %d entries (%d with changed paths, %d of them status-only; %d with actors),"
              + " %d edge sets naming %d owners and nodes%s",
          rs.getLong(1),
          rs.getLong(2),
          rs.getLong(3),
          rs.getLong(4),
          rs.getLong(5),
          rs.getLong(6),
          db.sizeBytes() < 0 // only an H2 file has a size to tell
              ? ""
              : String.format(Locale.ROOT, ", store %.0f MB", db.sizeBytes() / 1e6));
    }
  }

  private void awaitWritten() throws InterruptedException {
    long deadline = System.nanoTime() + 3_600_000_000_000L;
    while (writer.queueDepth() > 0 || writer.opsWritten() < ops) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the writer did not write " + ops + " ops within an hour");
      }
      Thread.sleep(5); // polling while the writer drains; the figure is the elapsed time
    }
  }

  /** Stops the writer, closes the store and deletes an H2 store's files. */
  @Override
  public void close() throws Exception {
    writer.close();
    db.close();
    if (config.url().startsWith("jdbc:h2:file:")) {
      Path dir = Path.of(config.url().substring("jdbc:h2:file:".length())).getParent();
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      }
    }
  }
}
