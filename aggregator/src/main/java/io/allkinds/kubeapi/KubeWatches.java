package io.allkinds.kubeapi;

import io.allkinds.store.ChangeQueries;
import io.allkinds.store.JournalTail;
import io.allkinds.web.Responder;
import io.allkinds.web.TailReader;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The open watches of the Kubernetes API over the store, at most a set number, fed by one {@link
 * TailReader}: a watch that none of the new entries concerns moves on without a query of its own,
 * and only a watch with events to send reads their bodies. State lives on the web verticle's event
 * loop; reads run on worker threads.
 */
public final class KubeWatches {

  private static final int TAIL_PAGE = 1000;
  private static final long TICK_MS = 5_000;

  private final Vertx vertx;
  private final JournalTail tail;
  private final WorkerExecutor reader;
  private final int max;
  private final Set<KubeWatch> watches = new LinkedHashSet<>();

  private final TailReader tailReader;
  private long ticker = -1;

  /**
   * Watches fed from {@code tail}, whose entries the shared reader reads on {@code tailWorker};
   * each watch reads its events on {@code reader}, one read at a time, so that watches never take
   * the API's query threads and at most {@code max} reads (one per open watch) wait for it.
   */
  public KubeWatches(
      Vertx vertx,
      Context context,
      ChangeQueries changes,
      JournalTail tail,
      WorkerExecutor tailWorker,
      WorkerExecutor reader,
      int max) {
    this.vertx = vertx;
    this.tail = tail;
    this.reader = reader;
    this.max = max;
    this.tailReader =
        new TailReader(
            vertx,
            context,
            changes,
            tail,
            tailWorker,
            TAIL_PAGE,
            "kube watches",
            () -> !watches.isEmpty(),
            (page, from, to) ->
                new ArrayList<>(watches).forEach(w -> w.tailed(page.items(), from, to)));
  }

  /** Follows the journal's tail. */
  public void start() {
    tailReader.start();
    ticker = vertx.setPeriodic(TICK_MS, id -> tick());
  }

  /** Ends every watch and stops following the tail. */
  public void stop() {
    vertx.cancelTimer(ticker);
    tailReader.stop();
    new ArrayList<>(watches).forEach(KubeWatch::close);
  }

  /**
   * Opens a watch whose plan {@code plan} settles on the query pool, over a WebSocket when the
   * client asks for one, else as a chunked answer. A failure to settle it (a bad selector, an
   * unknown type) is answered as a Status, and past the cap the answer is 429.
   */
  void open(RoutingContext ctx, Responder responder, WatchReads reads, Callable<WatchPlan> plan) {
    if (watches.size() >= max) {
      KubeErrors.write(ctx, KubeStatus.tooManyWatches(max));
      return;
    }
    if (!ctx.request().canUpgradeToWebSocket()) {
      settle(responder, plan, e -> KubeErrors.write(ctx, e))
          .onSuccess(p -> watch(WatchOutput.of(ctx.response()), p, reads));
      return;
    }
    ctx.request()
        .toWebSocket()
        .onFailure(e -> KubeErrors.write(ctx, e))
        .onSuccess(
            ws -> {
              WatchOutput out = WatchOutput.of(ws);
              settle(
                      responder,
                      plan,
                      e -> {
                        out.write(
                            WatchEvents.error(
                                e instanceof KubeStatus s ? s : KubeStatus.storeFailure(e)));
                        out.end();
                      })
                  .onSuccess(p -> watch(out, p, reads));
            });
  }

  private Future<WatchPlan> settle(
      Responder responder, Callable<WatchPlan> plan, Consumer<Throwable> failed) {
    return responder
        .submit(plan)
        .compose(
            p ->
                watches.size() >= max
                    ? Future.<WatchPlan>failedFuture(KubeStatus.tooManyWatches(max))
                    : Future.succeededFuture(p))
        .onFailure(failed::accept);
  }

  private void watch(WatchOutput out, WatchPlan plan, WatchReads reads) {
    KubeWatch w =
        new KubeWatch(
            vertx,
            out,
            plan,
            reads,
            reader,
            Math.max(tailReader.position(), tail.latest()),
            watches::remove);
    watches.add(w);
    w.start();
  }

  private void tick() {
    long now = System.currentTimeMillis();
    for (KubeWatch w : new ArrayList<>(watches)) {
      w.tick(now);
    }
  }
}
