package io.allkinds.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The turn-taking of the shared list threads, without threads. */
class FairQueueTest {

  /** A lane as {@link ListThreads} uses them: equal only to itself. */
  private static final class Lane {
    final String name;

    Lane(String name) {
      this.name = name;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private final FairQueue<Lane, String> queue = new FairQueue<>(4);
  private final Lane big = new Lane("big");
  private final Lane small = new Lane("small");

  /** Takes tasks until none can run, marking each done at once; returns them in order. */
  private List<String> drain() {
    List<String> out = new ArrayList<>();
    for (var next = queue.next(); next != null; next = queue.next()) {
      out.add(next.task());
      queue.done(next.lane());
    }
    return out;
  }

  private String next() {
    return queue.next().task();
  }

  /** Takes up to {@code n} tasks without finishing them (they hold threads). */
  private List<FairQueue.Next<Lane, String>> take(int n) {
    List<FairQueue.Next<Lane, String>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      var next = queue.next();
      if (next == null) {
        break;
      }
      out.add(next);
    }
    return out;
  }

  @Test
  void lanesComeInWavesAndALaneThatIsDoneMakesRoomForTheNext() {
    FairQueue<Lane, String> waves = new FairQueue<>(2);
    List<Lane> clusters = List.of(new Lane("a"), new Lane("b"), new Lane("c"), new Lane("d"));
    for (Lane l : clusters) {
      waves.open(l, 1);
      waves.add(l, l + "-discovery");
    }
    // a and b are admitted; c and d wait although threads are free.
    var a = waves.next();
    var b = waves.next();
    assertEquals(List.of("a-discovery", "b-discovery"), List.of(a.task(), b.task()));
    assertNull(waves.next(), "c and d wait for a lane to be done");
    // a's discovery queues its lists before it ends: a keeps its place in the wave.
    waves.add(a.lane(), "a-list1");
    waves.add(a.lane(), "a-list2");
    waves.done(a.lane());
    var a1 = waves.next();
    assertEquals("a-list1", a1.task());
    // b is done with nothing more to do: c comes in, d still waits.
    waves.done(b.lane());
    var c = waves.next();
    assertEquals("c-discovery", c.task());
    assertNull(waves.next(), "a is at its cap and d waits for a place");
    waves.done(a1.lane());
    assertEquals("a-list2", waves.next().task());
    waves.done(a1.lane());
    assertEquals("d-discovery", waves.next().task(), "a was done: d took its place");
    assertEquals(0, waves.waiting());
  }

  @Test
  void aClosedLaneMakesRoomForTheNext() {
    FairQueue<Lane, String> waves = new FairQueue<>(1);
    waves.open(big, 1);
    waves.open(small, 1);
    waves.add(big, "b1");
    waves.add(small, "s1");
    assertEquals(List.of("b1"), waves.close(big));
    assertEquals("s1", waves.next().task());
  }

  @Test
  void lanesTakeTurnsAndEachKeepsItsOrder() {
    queue.open(big, 4);
    queue.open(small, 4);
    queue.add(big, "b1");
    queue.add(big, "b2");
    queue.add(big, "b3");
    queue.add(small, "s1");
    queue.add(small, "s2");
    assertEquals(List.of("b1", "s1", "b2", "s2", "b3"), drain());
    assertEquals(0, queue.waiting());
  }

  @Test
  void aClusterWith200TypesDoesNotStarveAnothersFirstList() {
    queue.open(big, 4);
    for (int i = 0; i < 200; i++) {
      queue.add(big, "big-" + i);
    }
    var first = take(2); // two threads busy with the big cluster
    queue.open(small, 4);
    queue.add(small, "small-discovery");
    assertEquals(List.of("big-0", "big-1"), first.stream().map(FairQueue.Next::task).toList());
    // big's turn was already due; the newcomer waits for that one step, not for 198
    assertEquals(List.of("big-2", "small-discovery"), List.of(next(), next()));
  }

  @Test
  void aLaneRunsNoMoreThanItsCapAndTheOthersUseTheRest() {
    queue.open(big, 2);
    queue.open(small, 4);
    for (int i = 0; i < 10; i++) {
      queue.add(big, "b" + i);
    }
    queue.add(small, "s0");
    queue.add(small, "s1");
    queue.add(small, "s2");
    var running = take(8); // eight threads, but big may hold only two of them
    assertEquals(
        List.of("b0", "s0", "b1", "s1", "s2"), running.stream().map(FairQueue.Next::task).toList());
    assertEquals(2, queue.running(big));
    assertNull(queue.next(), "big is at its cap and small has nothing left");
    queue.done(big);
    assertEquals("b2", queue.next().task(), "a finished step frees its lane's turn");
    assertEquals(7, queue.waiting(), "b3..b9 and nothing else wait");
  }

  @Test
  void closingALaneReturnsWhatWaitedAndForgetsIt() {
    queue.open(big, 1);
    queue.open(small, 1);
    queue.add(big, "b1");
    queue.add(big, "b2");
    queue.add(small, "s1");
    var running = queue.next();
    assertEquals("b1", running.task());
    assertEquals(List.of("b2"), queue.close(big));
    assertFalse(queue.add(big, "b3"), "a closed lane takes nothing");
    queue.done(big); // the running step ends after its lane closed: harmless
    assertEquals(List.of("s1"), drain());
    assertEquals(List.of(), queue.close(big), "closing twice returns nothing");
  }

  @Test
  void closeAllReturnsEveryWaitingTask() {
    queue.open(big, 1);
    queue.open(small, 1);
    queue.add(big, "b1");
    queue.add(big, "b2");
    queue.add(small, "s1");
    queue.next();
    assertEquals(List.of("b2", "s1"), queue.closeAll().stream().sorted().toList());
    assertEquals(0, queue.waiting());
    assertNull(queue.next());
    assertFalse(queue.add(small, "s2"));
  }

  @Test
  void aLaneOpensOnceWithACapOfAtLeastOne() {
    queue.open(big, 1);
    assertThrows(IllegalStateException.class, () -> queue.open(big, 1));
    assertThrows(IllegalArgumentException.class, () -> queue.open(small, 0));
    assertTrue(queue.add(big, "b1"));
  }

  @Test
  void aLaneDeployedAgainUnderTheSameNameIsANewLane() {
    Lane old = new Lane("c1");
    Lane again = new Lane("c1");
    queue.open(old, 1);
    queue.add(old, "old");
    var running = queue.next();
    queue.close(old);
    queue.open(again, 1);
    queue.add(again, "new");
    assertEquals("new", queue.next().task(), "the old lane's running step does not count");
    queue.done(running.lane());
    assertEquals(1, queue.running(again));
  }
}
