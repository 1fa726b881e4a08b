package io.allkinds.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared list threads with real threads: a fixed number, whatever the lanes ask for. */
@ExtendWith(VertxExtension.class)
class ListThreadsTest {

  /** Counts steps running at once and holds them until released. */
  private static final class Gate {
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger most = new AtomicInteger();
    final Set<String> threads = ConcurrentHashMap.newKeySet();
    final CountDownLatch release = new CountDownLatch(1);

    String step(
        String lane, ConcurrentHashMap<String, AtomicInteger> perLane, AtomicInteger laneMost)
        throws InterruptedException {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      AtomicInteger mine = perLane.computeIfAbsent(lane, k -> new AtomicInteger());
      laneMost.accumulateAndGet(mine.incrementAndGet(), Math::max);
      threads.add(Thread.currentThread().getName());
      try {
        assertTrue(release.await(10, TimeUnit.SECONDS), "released");
        return "ok";
      } finally {
        mine.decrementAndGet();
        running.decrementAndGet();
      }
    }

    String step() throws InterruptedException {
      return step("", new ConcurrentHashMap<>(), new AtomicInteger());
    }
  }

  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
      Thread.sleep(10); // polling interval of a deadline-bounded wait
    }
  }

  @Test
  void fiftyClustersShareThreeThreadsAndEachStaysUnderItsCap(Vertx vertx) throws Exception {
    Context context = vertx.getOrCreateContext();
    Gate gate = new Gate();
    List<Future<String>> steps = new ArrayList<>();
    ConcurrentHashMap<String, AtomicInteger> perLane = new ConcurrentHashMap<>();
    AtomicInteger cappedMost = new AtomicInteger();
    AtomicInteger othersMost = new AtomicInteger();
    try (ListThreads threads = new ListThreads(3)) {
      ListLane capped = threads.lane("capped", 1, context);
      for (int i = 0; i < 5; i++) {
        steps.add(capped.submit(() -> gate.step("capped", perLane, cappedMost)));
      }
      for (int c = 0; c < 50; c++) {
        String name = "c" + c;
        ListLane lane = threads.lane(name, 2, context);
        for (int i = 0; i < 10; i++) {
          steps.add(lane.submit(() -> gate.step(name, perLane, othersMost)));
        }
      }
      await("three steps running", () -> gate.running.get() == 3);
      assertEquals(502, threads.waiting(), "the other steps wait for a thread");
      gate.release.countDown();
      Future.all(steps).await(20, TimeUnit.SECONDS);
      assertEquals(3, gate.most.get(), "505 steps, never more than 3 at once");
      assertEquals(1, cappedMost.get(), "a lane of cap 1 never ran two steps at once");
      assertTrue(othersMost.get() <= 2, "lanes of cap 2 never ran three at once");
      assertEquals(
          Set.of("allkinds-lists-1", "allkinds-lists-2", "allkinds-lists-3"),
          gate.threads,
          "the steps of 51 clusters ran on the same three threads");
    }
  }

  @Test
  void aLaneRunsUpToItsCapWhileThreadsAreFree(Vertx vertx) throws Exception {
    Context context = vertx.getOrCreateContext();
    Gate gate = new Gate();
    ConcurrentHashMap<String, AtomicInteger> perLane = new ConcurrentHashMap<>();
    AtomicInteger most = new AtomicInteger();
    try (ListThreads threads = new ListThreads(3)) {
      ListLane lane = threads.lane("c1", 2, context);
      List<Future<String>> steps = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        steps.add(lane.submit(() -> gate.step("c1", perLane, most)));
      }
      await("two steps running", () -> gate.running.get() == 2);
      assertEquals(2, threads.waiting(), "the third and fourth wait for the lane, not a thread");
      assertEquals(2, most.get(), "two at once");
      gate.release.countDown();
      Future.all(steps).await(20, TimeUnit.SECONDS);
      assertEquals(2, most.get(), "never three");
    }
  }

  @Test
  void closingALaneFailsItsWaitingStepsOnItsContext(Vertx vertx) throws Exception {
    Context context = vertx.getOrCreateContext();
    Gate gate = new Gate();
    try (ListThreads threads = new ListThreads(1)) {
      ListLane lane = threads.lane("c1", 1, context);
      Future<String> running = lane.submit(gate::step);
      Future<String> waiting = lane.submit(gate::step);
      await("the first step running", () -> gate.running.get() == 1);
      CountDownLatch failedOnContext = new CountDownLatch(1);
      waiting.onFailure(
          e -> {
            if (Vertx.currentContext() == context && e instanceof ListLane.Closed) {
              failedOnContext.countDown();
            }
          });
      lane.close();
      assertTrue(failedOnContext.await(10, TimeUnit.SECONDS), "the waiting step failed: Closed");
      assertInstanceOf(
          ListLane.Closed.class,
          awaitCause(lane.submit(() -> "late")),
          "a closed lane runs nothing");
      gate.release.countDown();
      assertEquals("ok", running.await(10, TimeUnit.SECONDS), "the running step finished");
    }
  }

  @Test
  void closingTheThreadsStopsThemAndFailsWhatWaited(Vertx vertx) throws Exception {
    Context context = vertx.getOrCreateContext();
    Gate gate = new Gate();
    ListThreads threads = new ListThreads(2);
    ListLane lane = threads.lane("c1", 2, context);
    lane.submit(gate::step);
    lane.submit(gate::step);
    Future<String> waiting = lane.submit(gate::step);
    await("two steps running", () -> gate.running.get() == 2);
    threads.close(); // interrupts the two running steps
    assertInstanceOf(ListLane.Closed.class, awaitCause(waiting));
    assertTrue(
        Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.getName().startsWith(ListThreads.NAME) && t.isAlive()),
        "no list thread left");
    assertSame(ListLane.Closed.class, awaitCause(lane.submit(() -> "late")).getClass());
  }

  private static Throwable awaitCause(Future<?> f) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    f.onComplete(ar -> done.countDown());
    assertTrue(done.await(10, TimeUnit.SECONDS), "completed");
    assertTrue(f.failed(), "failed");
    return f.cause();
  }
}
