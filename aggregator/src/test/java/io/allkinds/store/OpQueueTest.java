package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OpQueueTest {

  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);

  private static StoreOp op(int bodyBytes) {
    return new StoreOp.Listed(
        "c",
        CM,
        1,
        new ObservedObject("ns", "n", "u", "1", java.util.Map.of(), null, new byte[bodyBytes]));
  }

  private static CompletableFuture<Void> putAsync(OpQueue queue, StoreOp op) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            queue.put(op);
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static void awaitWaitingProducer(OpQueue queue) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!queue.producerWaiting()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the producer never blocked");
      }
      Thread.sleep(5); // polling interval of a deadline-bounded wait
    }
  }

  @Test
  void aFullQueueBlocksTheProducerUntilTheWriterDrains() throws Exception {
    OpQueue queue = new OpQueue(2, 1 << 20);
    queue.put(op(1));
    queue.put(op(1));
    CompletableFuture<Void> third = putAsync(queue, op(1));
    awaitWaitingProducer(queue);
    assertFalse(third.isDone());
    assertEquals(2, queue.size(), "nothing added beyond capacity, nothing dropped");
    List<StoreOp> out = new ArrayList<>();
    assertEquals(2, queue.drain(out, 10, Long.MAX_VALUE, 100));
    third.get(10, TimeUnit.SECONDS);
    assertEquals(1, queue.size());
    assertEquals(1, queue.fullWaits());
  }

  @Test
  void bodyBytesAreBoundedToo() throws Exception {
    OpQueue queue = new OpQueue(1000, 1000);
    queue.put(op(5000)); // larger than the whole budget: admitted alone
    CompletableFuture<Void> second = putAsync(queue, op(10));
    awaitWaitingProducer(queue);
    assertEquals(1, queue.size());
    List<StoreOp> out = new ArrayList<>();
    assertEquals(1, queue.drain(out, 10, Long.MAX_VALUE, 100));
    second.get(10, TimeUnit.SECONDS);
    assertEquals(1, queue.size());
  }

  @Test
  void aDrainStopsAtItsByteBudgetButAlwaysTakesOneOp() throws Exception {
    OpQueue queue = new OpQueue(100, 100 << 20);
    for (int i = 0; i < 10; i++) {
      queue.put(op(1000));
    }
    List<StoreOp> batch = new ArrayList<>();
    assertEquals(
        3, queue.drain(batch, 100, 3 * (1000 + 256), 10), "three ops of 1,256 counted bytes fit");
    assertEquals(
        1, queue.drain(batch, 100, 10, 10), "a budget smaller than one op still takes one");
    assertEquals(6, queue.drain(batch, 100, Long.MAX_VALUE, 10));
    assertEquals(10, batch.size());
  }
}
