package io.allkinds.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RetentionScheduleTest {

  @Test
  void aReplicaThatDoesNotLeadNeverPrunes(Vertx vertx) throws Exception {
    AtomicInteger pruned = new AtomicInteger();
    AtomicBoolean leader = new AtomicBoolean(false);
    try (RetentionSchedule schedule =
        new RetentionSchedule(vertx, pruned::incrementAndGet, leader::get)) {
      assertNull(schedule.pass(), "skipped while another replica leads");
      leader.set(true);
      schedule.pass().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals(1, pruned.get());
      leader.set(false);
      assertNull(schedule.pass(), "skipped once the lead moved away");
      assertEquals(1, schedule.passes());
    }
  }

  @Test
  void passesNeverOverlap(Vertx vertx) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger started = new AtomicInteger();
    try (RetentionSchedule schedule =
        new RetentionSchedule(
            vertx,
            () -> {
              started.incrementAndGet();
              return release.await(10, TimeUnit.SECONDS);
            },
            () -> true)) {
      Future<Object> first = schedule.pass();
      assertNull(schedule.pass(), "a second pass while the first runs is skipped");
      release.countDown();
      first.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals(1, started.get());
      schedule.pass().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals(2, started.get(), "the next pass runs once the first ended");
    }
  }

  @Test
  void aFailedPassIsRetriedByTheNext(Vertx vertx) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (RetentionSchedule schedule =
        new RetentionSchedule(
            vertx,
            () -> {
              if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("store unreachable");
              }
              return null;
            },
            () -> true)) {
      Future<Object> failed = schedule.pass();
      failed
          .toCompletionStage()
          .toCompletableFuture()
          .handle((r, e) -> r)
          .get(10, TimeUnit.SECONDS);
      assertTrue(failed.failed());
      schedule.pass().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals(1, schedule.passes());
    }
  }

  @Test
  void theScheduleRunsPassesOnItsOwn(Vertx vertx) throws Exception {
    CountDownLatch three = new CountDownLatch(3);
    try (RetentionSchedule schedule =
        new RetentionSchedule(
            vertx,
            () -> {
              three.countDown();
              return null;
            },
            () -> true)) {
      schedule.start(Duration.ofMillis(10), Duration.ofMillis(20));
      assertTrue(three.await(10, TimeUnit.SECONDS), "a first pass, then periodic ones");
    }
  }
}
