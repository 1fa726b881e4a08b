package io.allkinds.bench;

import io.allkinds.model.EventType;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.store.BodyCodec;
import io.allkinds.store.ChangeWriter;
import io.allkinds.store.JournalTail;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * The sink benchmark's ingestion: N watch events of ConfigMaps of about 1 KB handed to a real
 * {@link ChangeWriter} at a fixed rate (the first {@link #OBJECTS} ADDED, then MODIFIED ones of
 * those objects in turn), each timed from its submission to the commit that holds it, as the
 * writer's commit signal on the {@link JournalTail} tells.
 */
final class PacedChanges {

  /** The distinct objects the changes touch. */
  static final int OBJECTS = 1_000;

  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);

  private final BodyCodec codec = new BodyCodec();
  private final String payload;

  PacedChanges() {
    // Seeded, not compressible to nothing like a run of one letter: bodies stored as deflate
    // shrink as real ones do.
    Random random = new Random(17);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 850; i++) {
      s.append((char) ('a' + random.nextInt(26)));
    }
    payload = s.toString();
  }

  /**
   * What the writer did: the journal's head before the first change, when the first change was
   * submitted and the last committed, when each change was committed (System.nanoTime), and each
   * change's submit-to-commit time.
   */
  @SuppressWarnings("ArrayRecordComponent") // figures of one run, never compared
  record Written(
      long firstSeq,
      long startNanos,
      long lastCommitNanos,
      long[] committedNanos,
      long[] commitMicros) {

    /** Changes stored per second, from the first submission to the last commit. */
    double rate() {
      return commitMicros.length / ((lastCommitNanos - startNanos) / 1e9);
    }

    /** The {@code q} quantile (0..1) of submit-to-commit times, in milliseconds. */
    double commitMs(double q) {
      long[] sorted = commitMicros.clone();
      Arrays.sort(sorted);
      int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
      return sorted[Math.max(0, i)] / 1e3;
    }
  }

  /**
   * Submits {@code n} changes at {@code perSecond} (infinity: as fast as the writer takes them) and
   * waits for their commit; each change makes one journal entry.
   */
  Written feed(ChangeWriter writer, JournalTail tail, int n, double perSecond) throws Exception {
    long firstSeq = tail.latest();
    long[] submitted = new long[n];
    long[] committed = new long[n];
    CompletableFuture<Long> all = new CompletableFuture<>();
    int[] done = {0}; // the writer's thread alone moves it
    AutoCloseable subscription =
        tail.subscribe(
            seq -> {
              long now = System.nanoTime();
              int upTo = (int) Math.min(n, seq - firstSeq);
              for (; done[0] < upTo; done[0]++) {
                committed[done[0]] = now;
              }
              if (done[0] == n) {
                all.complete(now);
              }
            });
    try {
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        StoreOp op = change(i);
        long due = start + (long) (i * 1e9 / perSecond);
        // Pacing, not synchronisation: the producer parks until the change is due, to hold the
        // offered rate.
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
          LockSupport.parkNanos(wait);
        }
        submitted[i] = System.nanoTime();
        writer.submit(op);
      }
      long last;
      try {
        last = all.get(Math.max(300, (long) (10 * n / perSecond)), TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        throw new AssertionError(
            "the writer committed only " + (tail.latest() - firstSeq) + " of " + n + " changes", e);
      }
      long[] micros = new long[n];
      for (int i = 0; i < n; i++) {
        micros[i] = (committed[i] - submitted[i]) / 1_000;
      }
      return new Written(firstSeq, start, last, committed, micros);
    } finally {
      subscription.close();
    }
  }

  private StoreOp change(int i) {
    int object = i % OBJECTS;
    String rv = String.valueOf(i + 1);
    String json =
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm-"
            + object
            + "\",\"namespace\":\"ns-"
            + (object % 10)
            + "\",\"uid\":\"uid-"
            + object
            + "\",\"resourceVersion\":\""
            + rv
            + "\",\"labels\":{\"app\":\"bench\",\"shard\":\""
            + (object % 7)
            + "\"}},\"data\":{\"payload\":\""
            + payload
            + "\",\"revision\":\""
            + rv
            + "\"}}";
    ObservedObject o =
        new ObservedObject(
            "ns-" + (object % 10),
            "cm-" + object,
            "uid-" + object,
            rv,
            Map.of("app", "bench", "shard", String.valueOf(object % 7)),
            Instant.EPOCH,
            codec.encode(json.getBytes(StandardCharsets.UTF_8)));
    return new StoreOp.WatchEvent(
        "bench", CM, i < OBJECTS ? EventType.ADDED : EventType.MODIFIED, o);
  }
}
