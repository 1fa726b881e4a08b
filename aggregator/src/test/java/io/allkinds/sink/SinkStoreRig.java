package io.allkinds.sink;

import io.allkinds.config.SinkConfig;
import io.allkinds.config.StoreConfig;
import io.allkinds.model.EventType;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.model.SyncState;
import io.allkinds.store.BodyCodec;
import io.allkinds.store.ChangeQueries;
import io.allkinds.store.ChangeWriter;
import io.allkinds.store.Database;
import io.allkinds.store.HistoryQueries;
import io.allkinds.store.JournalTail;
import io.allkinds.store.OpQueue;
import io.allkinds.store.SinkCursors;
import io.allkinds.store.SinkDeadLetters;
import io.allkinds.store.WriteFence;
import io.allkinds.testing.Api;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real H2 file with a running writer, and sinks delivering from it: what the sink tests share.
 */
final class SinkStoreRig implements AutoCloseable {

  static final ResourceType DEPLOY =
      new ResourceType("apps", "v1", "deployments", "Deployment", true);
  static final ResourceType CM = new ResourceType("", "v1", "configmaps", "ConfigMap", true);

  final Database db;
  final ChangeWriter writer;
  final JournalTail tail;
  final SinkCursors cursors;
  final SinkDeadLetters deadLetters;
  private final BodyCodec codec = new BodyCodec();
  private final Vertx vertx;
  private Sinks sinks;
  private long submitted;

  SinkStoreRig(Vertx vertx, Path dir) throws InterruptedException {
    this.vertx = vertx;
    db = Database.open(new StoreConfig("jdbc:h2:file:" + dir.resolve("s"), null, null));
    writer =
        new ChangeWriter(
            db.writerDataSource(),
            new OpQueue(1000, 1 << 22),
            100,
            new SimpleMeterRegistry(),
            WriteFence.NONE);
    writer.start();
    tail = new JournalTail(writer);
    cursors = new SinkCursors(db.sinkDataSource(), null);
    deadLetters = new SinkDeadLetters(db.sinkDataSource(), cursors);
    writer.submit(new StoreOp.TypeStatus("alpha", DEPLOY, SyncState.WATCHING, null));
    writer.submit(new StoreOp.TypeStatus("alpha", CM, SyncState.WATCHING, null));
    submitted = 2;
  }

  /** Starts delivering {@code configs} from the journal's head. */
  Sinks start(List<SinkConfig> configs) throws Exception {
    sinks =
        new Sinks(
            vertx,
            configs,
            new Sinks.Store(
                cursors,
                deadLetters,
                new ChangeQueries(db.sinkDataSource()),
                new HistoryQueries(db.sinkDataSource(), codec)),
            tail,
            new SimpleMeterRegistry());
    sinks.ensureCursors();
    sinks.startAll();
    return sinks;
  }

  /** Stores a change of a Deployment with this spec and status. */
  void deployment(EventType type, String name, int replicas, int ready)
      throws InterruptedException {
    String body =
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\""
            + name
            + "\",\"namespace\":\"ns\",\"labels\":{\"app\":\""
            + name
            + "\"}},\"spec\":{\"replicas\":"
            + replicas
            + "},\"status\":{\"readyReplicas\":"
            + ready
            + "}}";
    submit(DEPLOY, type, name, body);
  }

  /** Stores a change of a ConfigMap. */
  void configMap(EventType type, String name) throws InterruptedException {
    submit(CM, type, name, "{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"ns\"}}");
  }

  private void submit(ResourceType t, EventType type, String name, String body)
      throws InterruptedException {
    writer.submit(
        new StoreOp.WatchEvent(
            "alpha",
            t,
            type,
            new ObservedObject(
                "ns",
                name,
                "uid-" + name,
                Long.toString(++submitted),
                Map.of("app", name),
                null,
                codec.encode(body.getBytes(StandardCharsets.UTF_8)))));
  }

  /** Waits until the writer stored everything submitted; returns the journal head. */
  long stored() {
    Api.await(
        "the writer stores every change",
        Duration.ofSeconds(20),
        writer::opsWritten,
        n -> n >= submitted);
    return writer.lastSeq();
  }

  @Override
  public void close() throws Exception {
    if (sinks != null) {
      sinks.close();
    }
    writer.close();
    db.close();
  }
}
