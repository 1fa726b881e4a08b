package io.allkinds.store;

import io.allkinds.model.EventType;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.model.SyncState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import javax.sql.DataSource;

/**
 * The churn that the store-size tests measure: {@link #OBJECTS} ConfigMaps of about 2.5 KB of
 * random text (which deflates little, like real data), each written {@link #VERSIONS} times through
 * the real writer.
 */
final class Churn {

  static final ResourceType CM = new ResourceType("", "v1", "configmaps", "ConfigMap", true);
  static final int OBJECTS = 100;
  static final int VERSIONS = 30;

  private Churn() {}

  /** Writes every version of every object and waits (60 s at most) until all are stored. */
  static void write(DataSource dataSource) throws Exception {
    BodyCodec codec = new BodyCodec();
    Random random = new Random(15);
    ChangeWriter writer =
        new ChangeWriter(
            dataSource,
            new OpQueue(1000, 64 << 20),
            200,
            new SimpleMeterRegistry(),
            WriteFence.NONE);
    writer.start();
    writer.submit(new StoreOp.TypeStatus("c", CM, SyncState.WATCHING, null));
    for (int v = 1; v <= VERSIONS; v++) {
      for (int i = 0; i < OBJECTS; i++) {
        writer.submit(
            new StoreOp.WatchEvent(
                "c",
                CM,
                v == 1 ? EventType.ADDED : EventType.MODIFIED,
                obj(codec, random, "cm-" + i, String.valueOf(v))));
      }
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (writer.opsWritten() < 1 + OBJECTS * VERSIONS) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("writer did not finish: " + writer.opsWritten());
      }
      Thread.sleep(10); // polling interval of a deadline-bounded wait
    }
    writer.close();
  }

  private static ObservedObject obj(BodyCodec codec, Random random, String name, String rv) {
    StringBuilder data = new StringBuilder();
    for (int i = 0; i < 2500; i++) {
      data.append((char) ('a' + random.nextInt(26)));
    }
    String json =
        "{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"payload\":\"" + data + "\"}}";
    return new ObservedObject(
        "ns",
        name,
        "u-" + name,
        rv,
        Map.of(),
        null,
        codec.encode(json.getBytes(StandardCharsets.UTF_8)));
  }
}
