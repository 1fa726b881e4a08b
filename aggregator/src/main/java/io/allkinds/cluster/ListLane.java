package io.allkinds.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.Callable;

/**
 * One cluster's turn on the shared {@link ListThreads}: its blocking steps are queued here and run
 * at most the cluster's cap at once; their futures complete on the cluster's context, as Vert.x's
 * own executeBlocking does. Closing the lane (the cluster stops) fails what has not started with
 * {@link Closed}.
 */
final class ListLane {

  /** Why a step failed without running: its lane (or every lane) was closed. */
  static final class Closed extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    Closed(String cluster) {
      super("cluster " + cluster + " stopped before this step ran");
    }
  }

  /** A queued step: runs it, or fails its future when it will never run. */
  interface Task {
    void run();

    void drop();
  }

  private final ListThreads threads;
  private final String cluster;
  private final Context context;

  ListLane(ListThreads threads, String cluster, Context context) {
    this.threads = threads;
    this.cluster = cluster;
    this.context = context;
  }

  String cluster() {
    return cluster;
  }

  /** Runs {@code step} on a list thread when this lane's turn comes. */
  <T> Future<T> submit(Callable<T> step) {
    Promise<T> promise = Promise.promise();
    Task task =
        new Task() {
          @Override
          public void run() {
            try {
              T result = step.call();
              context.runOnContext(v -> promise.complete(result));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt(); // cleared by the thread before its next task
              context.runOnContext(v -> promise.fail(e));
            } catch (Exception | Error e) {
              context.runOnContext(v -> promise.fail(e));
            }
          }

          @Override
          public void drop() {
            context.runOnContext(v -> promise.fail(new Closed(cluster)));
          }
        };
    if (!threads.add(this, task)) {
      task.drop();
    }
    return promise.future();
  }

  /** Closes the lane: steps that have not started fail; running ones see their own stop flag. */
  void close() {
    threads.close(this).forEach(Task::drop);
  }
}
