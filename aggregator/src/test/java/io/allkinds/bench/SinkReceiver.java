package io.allkinds.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The sink benchmark's receiver: a Vert.x HTTP server on a loopback port, in the benchmark's JVM
 * but on a Vert.x instance of its own, that answers 204 to every request and records, for each
 * event in arrival order, its {@code ce-id} (or a batch member's {@code id}), its delivery lag
 * (arrival minus the store time, {@code ce-time} or the member's {@code time}) and its arrival.
 */
final class SinkReceiver implements AutoCloseable {

  private final Vertx vertx;
  private final HttpServer server;
  private final int expected;
  private final long[] ids;
  private final long[] lagMicros;
  private final long[] arrivalNanos;
  private final CompletableFuture<Void> all = new CompletableFuture<>();
  private int events;
  private long requests;
  private long bodyBytes;
  private volatile long threadId = -1;

  private SinkReceiver(int expected) {
    this.vertx = Vertx.vertx();
    this.server = vertx.createHttpServer();
    this.expected = expected;
    this.ids = new long[expected];
    this.lagMicros = new long[expected];
    this.arrivalNanos = new long[expected];
  }

  /** A receiver listening on a free loopback port, done once it has {@code expected} events. */
  static SinkReceiver start(int expected) throws Exception {
    SinkReceiver r = new SinkReceiver(expected);
    r.server.requestHandler(r::handle).listen(0, "127.0.0.1").await(30, TimeUnit.SECONDS);
    return r;
  }

  /** Its URL. */
  String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/hook";
  }

  private void handle(HttpServerRequest req) {
    threadId = Thread.currentThread().getId();
    String ceId = req.getHeader("ce-id");
    String ceTime = req.getHeader("ce-time");
    req.body()
        .onSuccess(
            body -> {
              Instant at = Instant.now();
              long nanos = System.nanoTime();
              req.response().setStatusCode(204).end();
              record(body, ceId, ceTime, at, nanos);
            })
        .onFailure(e -> req.response().setStatusCode(500).end());
  }

  private synchronized void record(
      Buffer body, String ceId, String ceTime, Instant at, long nanos) {
    requests++;
    bodyBytes += body.length();
    if (ceId != null) {
      event(Long.parseLong(ceId), Instant.parse(ceTime), at, nanos);
    } else {
      JsonArray batch = new JsonArray(body);
      for (int i = 0; i < batch.size(); i++) {
        JsonObject e = batch.getJsonObject(i);
        event(Long.parseLong(e.getString("id")), Instant.parse(e.getString("time")), at, nanos);
      }
    }
    if (events >= expected) {
      all.complete(null);
    }
  }

  private void event(long id, Instant time, Instant at, long nanos) {
    if (events < expected) {
      ids[events] = id;
      lagMicros[events] = ChronoUnit.MICROS.between(time, at);
      arrivalNanos[events] = nanos;
    }
    events++; // past expected: a duplicate, which the benchmark's check reports
  }

  /** Waits until the expected number of events arrived; false when it took longer than that. */
  boolean awaitAll(long timeout, TimeUnit unit) throws InterruptedException {
    try {
      all.get(timeout, unit);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** CPU seconds its event-loop thread used (the server runs on one), 0 before any request. */
  double cpuSeconds() {
    long id = threadId;
    return id < 0 ? 0 : ManagementFactory.getThreadMXBean().getThreadCpuTime(id) / 1e9;
  }

  /** What arrived so far. */
  synchronized Arrivals arrivals() {
    int n = Math.min(events, expected);
    return new Arrivals(
        events,
        requests,
        bodyBytes,
        Arrays.copyOf(ids, n),
        Arrays.copyOf(lagMicros, n),
        Arrays.copyOf(arrivalNanos, n));
  }

  /**
   * The events received ({@code events} may exceed the arrays, which hold the first ones), the
   * requests that carried them and their bodies' bytes.
   */
  @SuppressWarnings("ArrayRecordComponent") // figures of one run, never compared
  record Arrivals(
      int events,
      long requests,
      long bodyBytes,
      long[] ids,
      long[] lagMicros,
      long[] arrivalNanos) {

    /** Events per second from the first arrival to the last. */
    double rate() {
      int n = ids.length;
      return n < 2 ? 0 : (n - 1) / ((arrivalNanos[n - 1] - arrivalNanos[0]) / 1e9);
    }

    /** The {@code q} quantile (0..1) of the lags, in milliseconds. */
    double lagMs(double q) {
      long[] sorted = lagMicros.clone();
      Arrays.sort(sorted);
      if (sorted.length == 0) {
        return Double.NaN;
      }
      int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
      return sorted[Math.max(0, i)] / 1e3;
    }
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }
}
