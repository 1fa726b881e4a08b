package io.allkinds.store;

import io.allkinds.model.ObservedObject;
import io.allkinds.model.StoreOp;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-off between watches and the writer, limited both in entries and in body bytes so
 * that a burst of 5 MB objects cannot fill the heap. A full queue blocks the producer, which slows
 * reading from the API server: nothing is dropped.
 */
public final class OpQueue {

  private final int maxEntries;
  private final long maxBytes;
  private final ArrayDeque<StoreOp> items = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notFull = lock.newCondition();
  private final Condition notEmpty = lock.newCondition();
  private long bytes;
  private long fullWaits;
  private int peakSize;

  public OpQueue(int maxEntries, long maxBytes) {
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
  }

  /** Adds an op, waiting while the queue is full. */
  void put(StoreOp op) throws InterruptedException {
    long size = sizeOf(op);
    lock.lockInterruptibly();
    try {
      boolean waited = false;
      // A single op larger than the whole budget is still admitted once the queue is empty.
      while (items.size() >= maxEntries || (bytes > 0 && bytes + size > maxBytes)) {
        waited = true;
        notFull.await();
      }
      if (waited) {
        fullWaits++;
      }
      items.addLast(op);
      bytes += size;
      peakSize = Math.max(peakSize, items.size());
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Moves up to {@code max} ops, and no more than {@code maxBytes} of bodies (but always the first
   * op), into {@code into}, waiting up to {@code timeoutMs} for the first.
   */
  int drain(List<StoreOp> into, int max, long maxBytes, long timeoutMs)
      throws InterruptedException {
    lock.lockInterruptibly();
    try {
      long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
      while (items.isEmpty()) {
        if (nanos <= 0) {
          return 0;
        }
        nanos = notEmpty.awaitNanos(nanos);
      }
      int n = 0;
      long taken = 0;
      while (n < max
          && !items.isEmpty()
          && (n == 0 || taken + sizeOf(items.peekFirst()) <= maxBytes)) {
        StoreOp op = items.removeFirst();
        long size = sizeOf(op);
        bytes -= size;
        taken += size;
        into.add(op);
        n++;
      }
      notFull.signalAll();
      return n;
    } finally {
      lock.unlock();
    }
  }

  /** How many ops wait to be written. */
  int size() {
    lock.lock();
    try {
      return items.size();
    } finally {
      lock.unlock();
    }
  }

  /** The most ops that ever waited at once since start: the queue's high-water mark. */
  int peakSize() {
    lock.lock();
    try {
      return peakSize;
    } finally {
      lock.unlock();
    }
  }

  /** Whether a producer is waiting for room right now. */
  boolean producerWaiting() {
    lock.lock();
    try {
      return lock.hasWaiters(notFull);
    } finally {
      lock.unlock();
    }
  }

  /** How many times a producer had to wait for room. */
  long fullWaits() {
    lock.lock();
    try {
      return fullWaits;
    } finally {
      lock.unlock();
    }
  }

  /** The bytes an op is counted for: its object's body and digest, plus a fixed overhead. */
  static long sizeOf(StoreOp op) {
    if (op instanceof StoreOp.WatchEvent e) {
      return 256L + sizeOf(e.object());
    }
    if (op instanceof StoreOp.Listed l) {
      return 256L + sizeOf(l.object());
    }
    return 256L;
  }

  /**
   * An object's body, and its digest: the stored bytes, and the paths, hashes, managers and edges
   * it was made from.
   */
  private static long sizeOf(ObservedObject o) {
    return o.body().length + (o.digest() == null ? 0L : o.digest().approximateBytes());
  }
}
