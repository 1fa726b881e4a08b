package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.allkinds.config.StoreConfig;
import io.allkinds.model.EventType;
import io.allkinds.model.JournalEntry;
import io.allkinds.model.JournalSink;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HistoryQueries#bodies}, which reads its entries a chunk to a query: in the order given,
 * across chunks, skipping what the journal does not hold, stopping when told, each MODIFIED entry
 * after the body before it.
 */
class HistoryBodiesTest {

  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);

  @TempDir Path dir;

  private final BodyCodec codec = new BodyCodec();
  private Database db;
  private ChangeWriter writer;
  private long first;

  /** Ten objects, ten versions each: 100 entries, seq first+1 .. first+100. */
  @BeforeEach
  void open() throws Exception {
    db = Database.open(new StoreConfig("jdbc:h2:file:" + dir.resolve("store"), null, null));
    writer =
        new ChangeWriter(
            db.dataSource(),
            new OpQueue(1_000, 1 << 20),
            50,
            new SimpleMeterRegistry(),
            WriteFence.NONE);
    writer.start();
    first = writer.lastSeq();
    CompletableFuture<Void> all = new CompletableFuture<>();
    writer.onCommit(
        seq -> {
          if (seq >= first + 100) {
            all.complete(null);
          }
        });
    for (int v = 0; v < 10; v++) {
      for (int o = 0; o < 10; o++) {
        writer.submit(
            new StoreOp.WatchEvent(
                "c", CM, v == 0 ? EventType.ADDED : EventType.MODIFIED, object(o, v)));
      }
    }
    all.get(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() {
    writer.close();
    db.close();
  }

  private ObservedObject object(int o, int v) {
    String json = "{\"metadata\":{\"name\":\"o" + o + "\"},\"v\":" + v + "}";
    return new ObservedObject(
        "ns",
        "o" + o,
        "uid-" + o,
        String.valueOf(v * 10 + o + 1),
        Map.of(),
        Instant.parse("2026-01-01T00:00:00Z"),
        codec.encode(json.getBytes(StandardCharsets.UTF_8)));
  }

  /** What a sink was handed: "seq:body", a previous body as "before:body". */
  private static final class Taken implements JournalSink {
    final List<String> got = new ArrayList<>();
    final int stopAfter;

    Taken(int stopAfter) {
      this.stopAfter = stopAfter;
    }

    @Override
    public void previous(byte[] body) {
      got.add("before:" + (body == null ? null : new String(body, StandardCharsets.UTF_8)));
    }

    @Override
    public boolean accept(JournalEntry e, byte[] body) {
      got.add(e.seq() + ":" + new String(body, StandardCharsets.UTF_8));
      return got.stream().filter(s -> !s.startsWith("before:")).count() < stopAfter;
    }
  }

  private String body(long seq) {
    long i = seq - first - 1;
    return "{\"metadata\":{\"name\":\"o" + (i % 10) + "\"},\"v\":" + (i / 10) + "}";
  }

  @Test
  void everyEntryInTheOrderGivenAcrossChunksSkippingMissingOnes() {
    List<Long> seqs = new ArrayList<>();
    LongStream.rangeClosed(first + 1, first + 100).map(s -> 2 * first + 101 - s).forEach(seqs::add);
    seqs.add(30, first + 1_000); // not in the journal
    Taken taken = new Taken(Integer.MAX_VALUE);
    long last = new HistoryQueries(db.dataSource(), codec).bodies(seqs, false, taken);
    List<String> expected = new ArrayList<>();
    for (long s = first + 100; s > first; s--) {
      expected.add(s + ":" + body(s));
    }
    assertEquals(expected, taken.got);
    assertEquals(first + 1, last);
  }

  @Test
  void stopsWhenTheSinkSaysSo() {
    List<Long> seqs = new ArrayList<>();
    LongStream.rangeClosed(first + 1, first + 100).forEach(seqs::add);
    Taken taken = new Taken(HistoryQueries.CHUNK + 3);
    long last = new HistoryQueries(db.dataSource(), codec).bodies(seqs, false, taken);
    assertEquals(first + HistoryQueries.CHUNK + 3, last);
    assertEquals(HistoryQueries.CHUNK + 3, taken.got.size());
  }

  @Test
  void aModifiedEntryAfterTheBodyBeforeIt() {
    Taken taken = new Taken(Integer.MAX_VALUE);
    new HistoryQueries(db.dataSource(), codec)
        .bodies(List.of(first + 3, first + 13, first + 99), true, taken);
    assertEquals(
        List.of(
            (first + 3) + ":" + body(first + 3),
            "before:" + body(first + 3),
            (first + 13) + ":" + body(first + 13),
            "before:" + body(first + 89),
            (first + 99) + ":" + body(first + 99)),
        taken.got);
  }
}
