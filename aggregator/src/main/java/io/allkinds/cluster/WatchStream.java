package io.allkinds.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.allkinds.model.ResourceType;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher.Action;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One watch request of a resource type, read as newline-delimited JSON events through the fabric8
 * client's own HTTP client (its authentication, TLS and HTTP/2 connection). In place of fabric8's
 * watch manager, which keeps a serial executor, a line buffer as large as the largest event seen
 * and the whole operation context for every watch, a stream holds only its response and, while an
 * event is split across frames, that event's bytes. Each frame is handled on {@code executor} (the
 * handler may block); the next one is asked for only when it is done, so a stream runs one frame
 * behind its handler at most. The first end of the stream, by the server, a failure or a handler's
 * exception, is reported once; {@link #close()} ends it without a report.
 */
final class WatchStream {

  /** What a stream reports, one call at a time, {@link #ended} after the last event. */
  interface Handler {
    /** An event, on the executor; throwing ends the stream with that exception as the cause. */
    void event(Action action, ObjectNode object) throws Exception;

    /**
     * The stream ended other than by {@link #close()}, on the executor or an I/O thread: a 410 in
     * {@code cause} means relist.
     */
    void ended(WatcherException cause);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Handler handler;
  private final Executor executor;
  private final String what;
  private final Object lock = new Object();
  private AsyncBody body;
  private boolean done;

  /** Whether a frame is being handled: an end that arrives meanwhile waits for it. */
  private boolean handling;

  private WatcherException pendingEnd;

  /** The bytes of an event whose end has not arrived yet (null between events). */
  private byte[] partial;

  private int partialLength;

  private WatchStream(Handler handler, Executor executor, String what) {
    this.handler = handler;
    this.executor = executor;
    this.what = what;
  }

  /**
   * Starts watching {@code type} (in every namespace) from {@code resourceVersion}, with bookmarks.
   */
  static WatchStream start(
      KubernetesClient client,
      ResourceType type,
      String resourceVersion,
      Executor executor,
      Handler handler) {
    WatchStream stream = new WatchStream(handler, executor, "the watch of " + type.groupResource());
    HttpClient http = client.getHttpClient();
    String uri =
        ListRequest.collectionUrl(client, type)
            + "?watch=true&allowWatchBookmarks=true&resourceVersion="
            + URLEncoder.encode(resourceVersion, StandardCharsets.UTF_8);
    HttpRequest request =
        http.newHttpRequestBuilder()
            .uri(uri)
            .header("Accept", "application/json")
            .forStreaming()
            .build();
    CompletableFuture<HttpResponse<AsyncBody>> call =
        http.consumeBytes(request, (buffers, body) -> stream.received(buffers, body));
    // responded() handles every outcome itself: nothing is left for the returned future
    var unused = call.whenComplete(stream::responded);
    return stream;
  }

  /**
   * Ends the stream without reporting it: resets it, or, before the response has come, has it reset
   * when it comes (cancelling the future would leave that response unread and its stream open).
   */
  void close() {
    AsyncBody b;
    synchronized (lock) {
      done = true;
      partial = null;
      b = body;
    }
    if (b != null) {
      b.cancel();
    }
  }

  private void responded(HttpResponse<AsyncBody> response, Throwable failure) {
    if (failure != null) {
      end(new WatcherException(what + " failed", failure));
      return;
    }
    AsyncBody b = response.body();
    boolean closed;
    synchronized (lock) {
      body = b;
      closed = done;
    }
    if (closed) {
      b.cancel();
      return;
    }
    if (!response.isSuccessful()) {
      b.cancel();
      Status status =
          new StatusBuilder()
              .withCode(response.code())
              .withStatus("Failure")
              .withMessage("HTTP " + response.code() + " for " + what)
              .build();
      Integer retryAfter = ListRequest.retryAfterHeader(response.headers("Retry-After"));
      if (retryAfter != null) {
        StatusDetails details = new StatusDetails();
        details.setRetryAfterSeconds(retryAfter);
        status.setDetails(details);
      }
      end(new WatcherException(status.getMessage(), new KubernetesClientException(status)));
      return;
    }
    var unused =
        b.done()
            .whenComplete(
                (v, t) -> {
                  if (t == null) {
                    end(new WatcherException("the stream ended"));
                  } else {
                    end(new WatcherException(what + " failed", t));
                  }
                });
    b.consume();
  }

  /** A frame arrived (on an I/O thread): its events are handled on the executor. */
  private void received(List<ByteBuffer> buffers, AsyncBody b) {
    int size = 0;
    for (ByteBuffer buffer : buffers) {
      size += buffer.remaining();
    }
    byte[] bytes = new byte[size];
    int at = 0;
    for (ByteBuffer buffer : buffers) {
      int n = buffer.remaining();
      buffer.get(bytes, at, n);
      at += n;
    }
    synchronized (lock) {
      handling = true;
    }
    try {
      executor.execute(() -> handle(bytes, b));
    } catch (RejectedExecutionException e) {
      end(new WatcherException(what + " cannot be handled: the client is closing", e), true);
    }
  }

  private void handle(byte[] bytes, AsyncBody b) {
    try {
      int start = 0;
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == '\n') {
          line(bytes, start, i);
          start = i + 1;
        }
      }
      keep(bytes, start);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      end(new WatcherException(what + " was interrupted", e), true);
    } catch (Exception e) {
      end(new WatcherException(what + " ended: " + e, e), true);
    }
    WatcherException deferred;
    synchronized (lock) {
      handling = false;
      deferred = pendingEnd;
      pendingEnd = null;
    }
    if (deferred != null) {
      end(deferred, true);
    } else if (!isDone()) {
      b.consume();
    }
  }

  /** One line: the bytes kept from earlier frames, then {@code bytes[from, to)}. */
  private void line(byte[] bytes, int from, int to) throws Exception {
    byte[] source = bytes;
    int offset = from;
    int length = to - from;
    synchronized (lock) {
      if (done) {
        return;
      }
      if (partial != null) {
        keep(bytes, from, to);
        source = partial;
        offset = 0;
        length = partialLength;
        partial = null;
      }
    }
    if (length == 0 || (length == 1 && source[offset] == '\r')) {
      return;
    }
    JsonNode event = JSON.readTree(source, offset, length);
    String type = event.path("type").asText("");
    JsonNode object = event.get("object");
    if ("ERROR".equals(type)) {
      Status status = status(object);
      end(
          new WatcherException(
              what + ": " + status.getMessage(), new KubernetesClientException(status)),
          true);
      return;
    }
    Action action;
    try {
      action = Action.valueOf(type);
    } catch (IllegalArgumentException e) {
      throw new IOException("an event of unknown type '" + type + "' in " + what, e);
    }
    if (!(object instanceof ObjectNode o)) {
      throw new IOException("an event without an object in " + what);
    }
    handler.event(action, o);
  }

  /** The Status of an ERROR event: its code, reason, message and Retry-After. */
  private static Status status(JsonNode object) {
    JsonNode o = object == null ? JSON.missingNode() : object;
    Status status =
        new StatusBuilder()
            .withCode(o.path("code").asInt(500))
            .withStatus(o.path("status").asText("Failure"))
            .withReason(o.path("reason").asText(null))
            .withMessage(o.path("message").asText("an ERROR event"))
            .build();
    JsonNode retryAfter = o.path("details").path("retryAfterSeconds");
    if (retryAfter.isInt()) {
      StatusDetails details = new StatusDetails();
      details.setRetryAfterSeconds(retryAfter.asInt());
      status.setDetails(details);
    }
    return status;
  }

  private void keep(byte[] bytes, int from) {
    synchronized (lock) {
      if (from < bytes.length && !done) {
        keep(bytes, from, bytes.length);
      }
    }
  }

  /** Appends {@code bytes[from, to)} to the partial event; holding the lock. */
  private void keep(byte[] bytes, int from, int to) {
    int n = to - from;
    if (partial == null) {
      partial = Arrays.copyOfRange(bytes, from, to);
      partialLength = n;
      return;
    }
    if (partialLength + n > partial.length) {
      partial = Arrays.copyOf(partial, Math.max(partialLength + n, partial.length * 2));
    }
    System.arraycopy(bytes, from, partial, partialLength, n);
    partialLength += n;
  }

  private boolean isDone() {
    synchronized (lock) {
      return done;
    }
  }

  private void end(WatcherException cause) {
    end(cause, false);
  }

  /**
   * Reports the first end, and cancels what is left of the response. An end from the I/O side
   * ({@code fromHandler} false) while a frame is handled waits for that frame: its events come
   * first.
   */
  private void end(WatcherException cause, boolean fromHandler) {
    synchronized (lock) {
      if (done) {
        return;
      }
      if (handling && !fromHandler) {
        if (pendingEnd == null) {
          pendingEnd = cause;
        }
        return;
      }
      done = true;
      partial = null;
    }
    AsyncBody b;
    synchronized (lock) {
      b = body;
    }
    if (b != null) {
      b.cancel();
    }
    handler.ended(cause);
  }
}
