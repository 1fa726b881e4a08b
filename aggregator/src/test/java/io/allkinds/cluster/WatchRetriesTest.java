package io.allkinds.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.model.ResourceType;
import io.allkinds.model.SyncState;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.WatcherException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/** The reconnect loop's decisions, run on a real Vert.x with steps that record their calls. */
@ExtendWith(VertxExtension.class)
class WatchRetriesTest {

  private static final ResourceType PODS = new ResourceType("", "v1", "pods", "Pod", true);

  private ListThreads threads;
  private ListLane lane;
  private SyncMetrics metrics;

  @BeforeEach
  void setUp(Vertx vertx) {
    threads = new ListThreads(2);
    lane = threads.lane("c1", 2, vertx.getOrCreateContext());
    metrics = new SyncMetrics(new SimpleMeterRegistry(), "c1");
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    threads.close();
  }

  private static KubernetesClientException status(int code) {
    return new KubernetesClientException(
        new StatusBuilder().withCode(code).withMessage("code " + code).build());
  }

  /** Steps that fail as told and record every call as a word. */
  private static final class Recorder implements WatchRetries.Steps {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Long> listedAt = new CopyOnWriteArrayList<>();
    final Queue<Exception> listFailures = new ConcurrentLinkedQueue<>();
    final Queue<Exception> watchFailures = new ConcurrentLinkedQueue<>();
    volatile boolean stopped;

    @Override
    public void listAndWatch() throws Exception {
      calls.add("list");
      listedAt.add(System.nanoTime());
      Exception e = listFailures.poll();
      if (e != null) {
        throw e;
      }
    }

    @Override
    public void restartWatch() throws Exception {
      calls.add("watch");
      Exception e = watchFailures.poll();
      if (e != null) {
        throw e;
      }
    }

    @Override
    public void status(SyncState state, String message) {
      calls.add(state.wireName() + ": " + message);
    }

    @Override
    public void forbidden() {
      calls.add("forbidden");
    }

    @Override
    public boolean stopped() {
      return stopped;
    }
  }

  private WatchRetries retries(Vertx vertx, Recorder steps) {
    return new WatchRetries(
        "c1",
        PODS,
        vertx,
        lane,
        Duration.ofSeconds(1),
        new RequestLimiter(100, 100, metrics),
        metrics,
        steps);
  }

  /**
   * Completes the test once {@code calls} holds {@code expected} (in order), or fails it at 10 s.
   */
  private static void awaitCalls(
      Vertx vertx, VertxTestContext ctx, Recorder steps, List<String> expected) {
    awaitCalls(vertx, ctx, steps, expected, () -> {});
  }

  private static void awaitCalls(
      Vertx vertx,
      VertxTestContext ctx,
      Recorder steps,
      List<String> expected,
      Executable andThen) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    vertx.setPeriodic(
        20,
        id -> {
          if (steps.calls.size() >= expected.size() || System.nanoTime() > deadline) {
            vertx.cancelTimer(id);
            ctx.verify(
                () -> {
                  assertEquals(expected, List.copyOf(steps.calls));
                  andThen.execute();
                });
            ctx.completeNow();
          }
        });
  }

  @Test
  void aForbiddenListIsReportedMarksTheTypeSyncedAndListsAgainAfterTheCap(
      Vertx vertx, VertxTestContext ctx) {
    Recorder steps = new Recorder();
    steps.listFailures.add(status(403));
    retries(vertx, steps).list(0);
    awaitCalls(
        vertx,
        ctx,
        steps,
        List.of("list", "forbidden", "forbidden: listing failed: code 403", "list"),
        // a 403 waits the whole back-off cap (1 s here) before asking again
        () ->
            assertTrue(
                steps.listedAt.get(1) - steps.listedAt.get(0)
                    >= TimeUnit.MILLISECONDS.toNanos(1000)));
  }

  @Test
  void aStreamThatExpiredRelists(Vertx vertx, VertxTestContext ctx) {
    Recorder steps = new Recorder();
    retries(vertx, steps)
        .streamEnded(new WatcherException("gone", status(410)), System.nanoTime(), "5");
    awaitCalls(vertx, ctx, steps, List.of("list"));
  }

  @Test
  void aStreamThatEndedOtherwiseWatchesAgain(Vertx vertx, VertxTestContext ctx) {
    Recorder steps = new Recorder();
    retries(vertx, steps)
        .streamEnded(new WatcherException("Exhausted reconnects"), System.nanoTime(), "5");
    awaitCalls(vertx, ctx, steps, List.of("watch"));
  }

  @Test
  void aRestartAnswered410RelistsAndAnyOtherFailureWatchesAgain(Vertx vertx, VertxTestContext ctx) {
    Recorder steps = new Recorder();
    steps.watchFailures.add(status(500));
    steps.watchFailures.add(status(410));
    retries(vertx, steps).watch(0);
    awaitCalls(
        vertx,
        ctx,
        steps,
        List.of(
            "watch",
            "error: restarting the watch failed: code 500",
            "watch",
            "error: restarting the watch failed: code 410",
            "list"));
  }

  @Test
  void aStoppedWatchSchedulesNothing(Vertx vertx, VertxTestContext ctx) {
    Recorder steps = new Recorder();
    steps.stopped = true;
    WatchRetries retries = retries(vertx, steps);
    retries.list(0);
    retries.watch(0);
    retries.streamEnded(new WatcherException("Exhausted reconnects"), System.nanoTime(), "5");
    vertx.setTimer(
        1500,
        id -> {
          ctx.verify(() -> assertEquals(List.of(), List.copyOf(steps.calls)));
          ctx.completeNow();
        });
  }
}
