package io.allkinds.cluster;

import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that run every cluster's blocking sync work (discovery, LIST pages, watch starts): a
 * fixed number for the whole process, whatever the number of clusters and types, shared fairly
 * through a {@link FairQueue} of one lane per cluster, twice as many clusters admitted as there are
 * threads. Starting 500 clusters thus makes at most this many requests at once, and the clusters
 * become ready in waves, instead of a storm of timeouts and retries.
 */
public final class ListThreads implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ListThreads.class);

  /** The prefix of every thread's name. */
  static final String NAME = "allkinds-lists-";

  /**
   * Clusters admitted at once: twice the threads, so that the admitted ones keep every thread busy
   * while one of them waits for its next step (discovery done, lists not queued yet).
   */
  private static final int LANES_PER_THREAD = 2;

  private final FairQueue<ListLane, ListLane.Task> queue;
  private final List<Thread> threads = new ArrayList<>();
  private boolean closed;

  /** Starts {@code count} threads. */
  public ListThreads(int count) {
    queue = new FairQueue<>(LANES_PER_THREAD * count);
    for (int i = 1; i <= count; i++) {
      Thread t = new Thread(this::work, NAME + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  /**
   * Opens the lane of one cluster, which runs at most {@code cap} tasks at once and completes their
   * futures on {@code context}.
   */
  ListLane lane(String cluster, int cap, Context context) {
    ListLane lane = new ListLane(this, cluster, context);
    synchronized (this) {
      queue.open(lane, cap);
    }
    return lane;
  }

  /** Queues {@code task}; false when the lane (or this) is closed. */
  synchronized boolean add(ListLane lane, ListLane.Task task) {
    if (closed || !queue.add(lane, task)) {
      return false;
    }
    notifyAll();
    return true;
  }

  /** Closes {@code lane}; returns its tasks that had not started. */
  synchronized List<ListLane.Task> close(ListLane lane) {
    return queue.close(lane);
  }

  /** Tasks waiting for a thread, across every cluster. */
  public synchronized int waiting() {
    return queue.waiting();
  }

  private void work() {
    while (true) {
      FairQueue.Next<ListLane, ListLane.Task> next;
      try {
        next = take();
      } catch (InterruptedException e) {
        return; // closed
      }
      try {
        next.task().run();
      } catch (RuntimeException | Error e) {
        LOG.error("cluster={} a sync task failed unexpectedly", next.lane().cluster(), e);
      } finally {
        Thread.interrupted(); // an interrupt meant for this task must not reach the next one
        synchronized (this) {
          queue.done(next.lane());
          notifyAll(); // the lane may be below its cap again
        }
      }
    }
  }

  private synchronized FairQueue.Next<ListLane, ListLane.Task> take() throws InterruptedException {
    while (true) {
      if (closed) {
        throw new InterruptedException("closed");
      }
      FairQueue.Next<ListLane, ListLane.Task> next = queue.next();
      if (next != null) {
        return next;
      }
      wait();
    }
  }

  /**
   * Stops the threads: running tasks are interrupted (a list stops at its next object), waiting
   * ones are dropped; their lanes fail them.
   */
  @Override
  public void close() throws InterruptedException {
    List<ListLane.Task> dropped;
    synchronized (this) {
      closed = true;
      dropped = queue.closeAll();
      notifyAll();
    }
    dropped.forEach(ListLane.Task::drop);
    threads.forEach(Thread::interrupt);
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(10));
      if (t.isAlive()) {
        LOG.warn("list thread {} did not stop within 10 s", t.getName());
      }
    }
  }
}
