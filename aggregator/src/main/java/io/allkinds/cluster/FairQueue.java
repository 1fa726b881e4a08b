package io.allkinds.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * Which task runs next on the shared list threads: every lane (one per running cluster) has its own
 * first-in first-out queue and a cap on the tasks it runs at once, and the lanes with waiting tasks
 * take turns, one task each. A cluster with 200 types queued thus delays another cluster's first
 * list by at most one task per lane. Not thread-safe: {@link ListThreads} holds the lock.
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

    Lane(int cap) {
      this.cap = cap;
    }
  }

  /** A task taken from a lane; hand the lane back to {@link #done} when the task ends. */
  record Next<K, T>(K lane, T task) {}

  private final IdentityHashMap<K, Lane<T>> lanes = new IdentityHashMap<>();

  /** The lanes that have waiting tasks, in the order of their next turn. */
  private final Deque<K> turns = new ArrayDeque<>();

  private int waiting;

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
    if (l.waiting.isEmpty()) {
      turns.addLast(lane);
    }
    l.waiting.addLast(task);
    waiting++;
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
    }
  }

  /** Closes {@code lane}: it takes no more tasks; returns those that were still waiting. */
  List<T> close(K lane) {
    Lane<T> l = lanes.remove(lane);
    if (l == null) {
      return List.of();
    }
    turns.remove(lane);
    waiting -= l.waiting.size();
    return new ArrayList<>(l.waiting);
  }

  /** Closes every lane; returns the tasks that were still waiting. */
  List<T> closeAll() {
    List<T> out = new ArrayList<>();
    lanes.values().forEach(l -> out.addAll(l.waiting));
    lanes.clear();
    turns.clear();
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
