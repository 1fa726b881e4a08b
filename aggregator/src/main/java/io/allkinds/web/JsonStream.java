package io.allkinds.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes a JSON answer {@code {"items": [...], ...}} (or another {@link #envelope}) item by item
 * from a query worker thread, as the store reads rows, waiting while the client's write queue is
 * full: the heap holds one item per request, not the page. Nothing is sent before the first item,
 * so an error found before it still gets a proper error answer.
 */
public final class JsonStream {

  /**
   * A client that reads nothing for this long loses its answer (and frees the thread and
   * connection).
   */
  private static final Duration STALL = Duration.ofSeconds(30);

  private static final Buffer COMMA = Buffer.buffer(",");

  /** The client went away or stopped reading; the work is abandoned. */
  public static final class ClientGone extends RuntimeException {
    ClientGone(String message) {
      super(message, null, false, false);
    }
  }

  private final HttpServerResponse res;
  private final long budget;
  private Buffer open = Buffer.buffer("{\"items\":[");
  private long written;
  private int items;
  private boolean started;

  public JsonStream(HttpServerResponse res, long budget) {
    this.res = res;
    this.budget = budget;
  }

  /**
   * Makes the answer open with {@code head}'s fields, then the array named {@code array} (a plain
   * name, written as it is) of the items, instead of the default array {@code items}; only before
   * the first item.
   */
  public void envelope(JsonObject head, String array) {
    if (started) {
      throw new IllegalStateException("the answer has begun");
    }
    String fields = head.encode();
    open =
        Buffer.buffer(fields.substring(0, fields.length() - 1))
            .appendString(fields.length() > 2 ? "," : "")
            .appendString("\"" + array + "\":[");
  }

  /** Whether anything was sent (then an error can only cut the answer short). */
  public boolean started() {
    return started;
  }

  /**
   * Sends one item; returns false once the page's byte budget is spent (the caller ends the page).
   */
  public boolean item(Buffer item) {
    begin();
    if (items++ > 0) {
      write(COMMA.copy());
    }
    write(item);
    written += item.length();
    return written < budget;
  }

  /** Closes the array and ends the answer with {@code fields} after {@code items}. */
  public void end(JsonObject fields) {
    begin();
    String rest = fields.encode();
    Buffer tail = Buffer.buffer("]");
    if (rest.length() > 2) {
      tail.appendString(",").appendString(rest.substring(1));
    } else {
      tail.appendString("}");
    }
    if (res.closed()) {
      throw new ClientGone("the client closed the connection");
    }
    res.end(tail);
  }

  private void begin() {
    if (!started) {
      started = true;
      res.setChunked(true).putHeader("content-type", "application/json");
      write(open.copy());
    }
  }

  private void write(Buffer b) {
    try {
      if (res.closed()) {
        throw new ClientGone("the client closed the connection");
      }
      res.write(b);
      if (res.writeQueueFull()) {
        awaitDrain();
      }
    } catch (IllegalStateException e) {
      throw new ClientGone("the answer can no longer be written: " + e.getMessage());
    }
  }

  private void awaitDrain() {
    CompletableFuture<Void> drained = new CompletableFuture<>();
    res.drainHandler(v -> drained.complete(null));
    long deadline = System.nanoTime() + STALL.toNanos();
    try {
      while (res.writeQueueFull()) {
        if (res.closed()) {
          throw new ClientGone("the client closed the connection");
        }
        if (System.nanoTime() > deadline) {
          throw new ClientGone("the client read nothing for " + STALL.toSeconds() + " s");
        }
        try {
          drained.get(200, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          // the loop re-checks the queue, the connection and the deadline
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientGone("interrupted while the client was reading");
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    } finally {
      res.drainHandler(null);
    }
  }
}
