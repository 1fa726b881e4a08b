package io.allkinds.web;

import io.allkinds.config.HttpConfig;
import io.allkinds.config.StoreConfig;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.StoreOp;
import io.allkinds.store.BodyCodec;
import io.allkinds.store.ChangeQueries;
import io.allkinds.store.ChangeWriter;
import io.allkinds.store.CompareQueries;
import io.allkinds.store.CountQueries;
import io.allkinds.store.Database;
import io.allkinds.store.DiffQueries;
import io.allkinds.store.HistoryQueries;
import io.allkinds.store.InventoryQueries;
import io.allkinds.store.JournalTail;
import io.allkinds.store.OpQueue;
import io.allkinds.store.RelationQueries;
import io.allkinds.store.SinkQueries;
import io.allkinds.store.StatusQueries;
import io.allkinds.store.StoreHealth;
import io.allkinds.store.StoreSize;
import io.allkinds.store.WriteFence;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A real store on an H2 file with its writer and the API's queries over it, wired as {@code
 * AllKinds} wires them, and the web verticle serving it on a free loopback port.
 */
final class RealStore implements AutoCloseable {

  private final BodyCodec codec = new BodyCodec();
  private final Database db;
  private final ChangeWriter writer;
  private final JournalTail tail;
  private final ApiQueries queries;

  RealStore(Path dir) throws Exception {
    db = Database.open(new StoreConfig("jdbc:h2:file:" + dir.resolve("store"), null, null));
    StoreHealth health = new StoreHealth(Clock.systemUTC());
    writer =
        new ChangeWriter(
            db.writerDataSource(),
            new OpQueue(100, 1 << 20),
            50,
            new SimpleMeterRegistry(),
            WriteFence.NONE,
            health,
            db::evictConnections);
    writer.start();
    tail = new JournalTail(writer);
    var ds = db.dataSource();
    queries =
        new ApiQueries(
            new StatusQueries(ds),
            new InventoryQueries(ds, codec),
            new HistoryQueries(ds, codec),
            new ChangeQueries(ds),
            new CountQueries(ds),
            tail,
            health,
            new StatusQueries(db.controlDataSource()),
            new StoreSize(ds, 0),
            new SinkQueries(ds, List.of(), "test", Clock.systemUTC()),
            new DiffQueries(ds),
            new RelationQueries(ds, codec),
            new CompareQueries(ds, codec));
  }

  ApiQueries queries() {
    return queries;
  }

  /** Deploys a web verticle over this store on a free port of 127.0.0.1. */
  WebVerticle serve(Vertx vertx, List<String> tokens, Supplier<String> metrics, ApiLimits limits)
      throws TimeoutException {
    WebVerticle web =
        new WebVerticle(
            new HttpConfig("127.0.0.1", 0, tokens), List.of("c1"), queries, metrics, limits);
    vertx.deployVerticle(web).await(30, TimeUnit.SECONDS);
    return web;
  }

  /** Submits {@code ops} and waits (10 s at most) until the journal grew by {@code entries}. */
  void write(int entries, StoreOp... ops) throws Exception {
    long seq = tail.latest() + entries;
    CompletableFuture<Void> reached = new CompletableFuture<>();
    try (AutoCloseable s =
        tail.subscribe(
            latest -> {
              if (latest >= seq) {
                reached.complete(null);
              }
            })) {
      for (StoreOp op : ops) {
        writer.submit(op);
      }
      if (tail.latest() < seq) {
        reached.get(10, TimeUnit.SECONDS);
      }
    }
  }

  /** A ConfigMap {@code ns/name} whose {@code data.k} is {@code value}. */
  ObservedObject configMap(String name, String uid, String resourceVersion, String value) {
    String json =
        new JsonObject()
            .put(
                "metadata",
                new JsonObject()
                    .put("name", name)
                    .put("namespace", "ns")
                    .put("uid", uid)
                    .put("resourceVersion", resourceVersion))
            .put("data", new JsonObject().put("k", value))
            .encode();
    return new ObservedObject(
        "ns",
        name,
        uid,
        resourceVersion,
        Map.of("app", "demo"),
        Instant.parse("2026-01-01T00:00:00Z"),
        codec.encode(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public void close() {
    writer.close();
    db.close();
  }

  /** An HTTP answer as the tests read it. */
  record Answer(int status, MultiMap headers, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** GETs {@code uri} from the verticle on {@code port} with {@code headers}. */
  static Answer get(Vertx vertx, int port, String uri, Map<String, String> headers) {
    return request(vertx, port, HttpMethod.GET, uri, headers);
  }

  /** Sends a {@code method} request without a body to {@code uri} with {@code headers}. */
  static Answer request(
      Vertx vertx, int port, HttpMethod method, String uri, Map<String, String> headers) {
    HttpClient client = vertx.createHttpClient();
    try {
      return client
          .request(method, port, "127.0.0.1", uri)
          .compose(
              req -> {
                headers.forEach(req::putHeader);
                return req.send();
              })
          .compose(
              res -> res.body().map(b -> new Answer(res.statusCode(), res.headers(), b.toString())))
          .eventually(client::close)
          .await(20, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(
          method + " " + uri + ": no answer within 20 s; Vert.x's threads then:\n" + vertxThreads(),
          e);
    }
  }

  /**
   * Where each Vert.x thread stood (its top frames), so that a request left without an answer says
   * which side held it.
   */
  private static String vertxThreads() {
    StringBuilder out = new StringBuilder();
    for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
      if (!t.getThreadName().startsWith("vert.x-")) {
        continue;
      }
      out.append(t.getThreadName()).append(' ').append(t.getThreadState()).append('\n');
      StackTraceElement[] frames = t.getStackTrace();
      for (int i = 0; i < Math.min(8, frames.length); i++) {
        out.append("    at ").append(frames[i]).append('\n');
      }
    }
    return out.toString();
  }

  static Answer get(Vertx vertx, int port, String uri) {
    return get(vertx, port, uri, Map.of());
  }
}
