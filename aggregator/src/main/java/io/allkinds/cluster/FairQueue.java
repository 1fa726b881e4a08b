package io.allkinds.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * Which task runs next on the shared list threads: every lane (one per running cluster) has its own
 * first-in first-out queue and a cap on the tasks it runs at once. At most {@code width} lanes are
 * admitted at a time, in the order they first had work, and the admitted lanes with waiting tasks
 * take turns, one task each; a lane leaves when it has nothing waiting or running, and the next
 * waiting lane takes its place. Clusters that start together thus become ready in waves, the first
 * ones within seconds, instead of all progressing a little and all finishing at the end; and a
 * cluster with 200 types queued delays another admitted cluster's first list by at most one task.
 * Not thread-safe: {@link ListThreads} holds the lock.
 *
 * @param <K> a lane, an object that keeps {@code Object}'s identity equality (a cluster deployed
 *     again gets a new lane)
 * @param <T> a task
 */
final class FairQueue<K, T> {

  private static final class Lane<T> {
    final int cap;
    final Deque<T> waiting = new ArrayDeque<>();
    int running;
    boolean admitted;

    Lane(int cap) {
      this.cap = cap;
    }
  }

  /** A task taken from a lane; hand the lane back to {@link #done} when the task ends. */
  record Next<K, T>(K lane, T task) {}

  private final IdentityHashMap<K, Lane<T>> lanes = new IdentityHashMap<>();

  /** The admitted lanes that have waiting tasks, in the order of their next turn. */
  private final Deque<K> turns = new ArrayDeque<>();

  /** Lanes with waiting tasks that are not admitted yet, oldest first. */
  private final Deque<K> admission = new ArrayDeque<>();

  private final int width;
  private int admitted;
  private int waiting;

  /** A queue that admits at most {@code width} lanes at once. */
  FairQueue(int width) {
    if (width < 1) {
      throw new IllegalArgumentException("at least one lane is admitted at once: " + width);
    }
    this.width = width;
  }

  /** Opens a lane that runs at most {@code cap} tasks at once. */
  void open(K lane, int cap) {
    if (cap < 1) {
      throw new IllegalArgumentException("a lane runs at least one task at once: " + cap);
    }
    if (lanes.putIfAbsent(lane, new Lane<>(cap)) != null) {
      throw new IllegalStateException("lane already open: " + lane);
    }
  }

  /** Queues {@code task} at the end of its lane; false when the lane is not open (closed). */
  boolean add(K lane, T task) {
    Lane<T> l = lanes.get(lane);
    if (l == null) {
      return false;
    }
    boolean first = l.waiting.isEmpty();
    l.waiting.addLast(task);
    waiting++;
    if (!l.admitted && admitted < width && admission.isEmpty()) {
      l.admitted = true;
      admitted++;
    }
    if (first) {
      (l.admitted ? turns : admission).addLast(lane);
    }
    return true;
  }

  /**
   * Takes the oldest task of the next lane in turn that is below its cap, or null when every lane
   * with waiting tasks is at its cap (or none waits).
   */
  Next<K, T> next() {
    for (int i = turns.size(); i > 0; i--) {
      K key = turns.pollFirst();
      Lane<T> l = lanes.get(key);
      if (l.running >= l.cap) {
        turns.addLast(key);
        continue;
      }
      T task = l.waiting.pollFirst();
      waiting--;
      l.running++;
      if (!l.waiting.isEmpty()) {
        turns.addLast(key);
      }
      return new Next<>(key, task);
    }
    return null;
  }

  /** A task taken from {@code lane} ended; harmless for a lane closed meanwhile. */
  void done(K lane) {
    Lane<T> l = lanes.get(lane);
    if (l != null) {
      l.running--;
      if (l.running == 0 && l.waiting.isEmpty()) {
        leave(l);
      }
    }
  }

  /** {@code l} has nothing waiting or running (or is closed): the next waiting lane comes in. */
  private void leave(Lane<T> l) {
    if (!l.admitted) {
      return;
    }
    l.admitted = false;
    admitted--;
    while (admitted < width && !admission.isEmpty()) {
      K next = admission.pollFirst();
      lanes.get(next).admitted = true;
      admitted++;
      turns.addLast(next);
    }
  }

  /** Closes {@code lane}: it takes no more tasks; returns those that were still waiting. */
  List<T> close(K lane) {
    Lane<T> l = lanes.remove(lane);
    if (l == null) {
      return List.of();
    }
    turns.remove(lane);
    admission.remove(lane);
    waiting -= l.waiting.size();
    leave(l);
    return new ArrayList<>(l.waiting);
  }

  /** Closes every lane; returns the tasks that were still waiting. */
  List<T> closeAll() {
    List<T> out = new ArrayList<>();
    lanes.values().forEach(l -> out.addAll(l.waiting));
    lanes.clear();
    turns.clear();
    admission.clear();
    admitted = 0;
    waiting = 0;
    return out;
  }

  /** Tasks waiting in every lane. */
  int waiting() {
    return waiting;
  }

  /** Tasks running in {@code lane} (0 when it is not open). */
  int running(K lane) {
    Lane<T> l = lanes.get(lane);
    return l == null ? 0 : l.running;
  }
}
