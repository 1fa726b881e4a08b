package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.config.HttpConfig;
import io.allkinds.config.StoreConfig;
import io.allkinds.model.EventType;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
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
import io.allkinds.testing.Api;
import io.allkinds.web.ApiQueries;
import io.allkinds.web.WebVerticle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@link Error} on the store writer's thread (here from a commit listener that breaks its
 * contract) stops ingestion for good: {@code /healthz} then answers 503, so that a supervisor
 * restarts the process, instead of answering ok over a writer that silently ended.
 */
class WriterStoppedHealthTest {

  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);

  @TempDir Path dir;

  @Test
  void healthzFailsOnceTheWriterStoppedForGood() throws Exception {
    BodyCodec codec = new BodyCodec();
    StoreHealth health = new StoreHealth(Clock.systemUTC());
    Vertx vertx = Vertx.vertx();
    try (Database db =
            Database.open(new StoreConfig("jdbc:h2:file:" + dir.resolve("store"), null, null));
        ChangeWriter writer =
            new ChangeWriter(
                db.writerDataSource(),
                new OpQueue(100, 1 << 20),
                50,
                new SimpleMeterRegistry(),
                WriteFence.NONE,
                health,
                db::evictConnections)) {
      writer.start();
      var ds = db.dataSource();
      WebVerticle web =
          new WebVerticle(
              new HttpConfig("127.0.0.1", 0, List.of()),
              List.of(),
              new ApiQueries(
                  new StatusQueries(ds),
                  new InventoryQueries(ds, codec),
                  new HistoryQueries(ds, codec),
                  new ChangeQueries(ds),
                  new CountQueries(ds),
                  new JournalTail(writer),
                  health,
                  new StatusQueries(db.controlDataSource()),
                  new StoreSize(ds, 0),
                  new SinkQueries(ds, List.of(), "test", Clock.systemUTC()),
                  new DiffQueries(ds),
                  new RelationQueries(ds, codec),
                  new CompareQueries(ds, codec)),
              () -> "");
      vertx.deployVerticle(web).await(30, TimeUnit.SECONDS);
      Api api = new Api(web.port());
      assertEquals(200, api.get("/healthz").status());
      JsonObject ready = api.get("/readyz").json();
      assertEquals("ok", ready.getJsonObject("store").getString("state"), ready.encode());

      writer.onCommit(
          seq -> {
            throw new AssertionError("a commit listener broke its contract");
          });
      String json = "{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"1\"}}";
      writer.submit(
          new StoreOp.WatchEvent(
              "c1",
              CM,
              EventType.ADDED,
              new ObservedObject(
                  "ns",
                  "a",
                  "u1",
                  "1",
                  Map.of(),
                  Instant.now(),
                  codec.encode(json.getBytes(StandardCharsets.UTF_8)))));

      Api.Response failing =
          Api.await(
              "/healthz failing",
              Duration.ofSeconds(20),
              () -> api.get("/healthz"),
              r -> r.status() == 503);
      JsonObject body = failing.json();
      assertEquals("failing", body.getString("status"));
      assertEquals("stopped", body.getJsonObject("store").getString("writer"));
      assertTrue(body.getString("message").contains("AssertionError"), body.encode());
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }
}
