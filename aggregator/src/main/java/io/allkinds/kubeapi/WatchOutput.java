package io.allkinds.kubeapi;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;

/**
 * Where a watch's events go, as kube-apiserver serves a watch: a chunked HTTP answer of one JSON
 * object per line (kubectl, client-go), or a WebSocket with one event per text message (the fabric8
 * client asks for that first).
 */
interface WatchOutput {

  /** Sends what comes before the events (the HTTP answer's head). */
  void begin();

  /** Sends one event. */
  void write(Buffer event);

  /** Whether the client is behind: nothing more should be written until it drains. */
  boolean full();

  /** Runs {@code then} once the client has read what was written. */
  void onDrain(Runnable then);

  /** Runs {@code then} when the client goes away. */
  void onClose(Runnable then);

  /** Ends the watch as the server ends it at its timeout (the client watches again). */
  void end();

  /** Cuts the connection (the client went silent, or the server stops). */
  void abort();

  /** A chunked HTTP answer, one event per line. */
  static WatchOutput of(HttpServerResponse res) {
    return new WatchOutput() {
      @Override
      public void begin() {
        res.setChunked(true)
            .putHeader("content-type", "application/json")
            .putHeader("cache-control", "no-cache, private");
        res.writeHead();
      }

      @Override
      public void write(Buffer event) {
        res.write(event);
      }

      @Override
      public boolean full() {
        return res.writeQueueFull();
      }

      @Override
      public void onDrain(Runnable then) {
        res.drainHandler(v -> then.run());
      }

      @Override
      public void onClose(Runnable then) {
        res.closeHandler(v -> then.run());
        res.exceptionHandler(e -> then.run());
      }

      @Override
      public void end() {
        if (!res.ended()) {
          res.end();
        }
      }

      @Override
      public void abort() {
        if (!res.ended() && !res.closed()) {
          res.reset();
        }
      }
    };
  }

  /** A WebSocket, one event per text message. */
  static WatchOutput of(ServerWebSocket ws) {
    return new WatchOutput() {
      private boolean ended;

      @Override
      public void begin() {
        // the upgrade's answer was the head
      }

      @Override
      public void write(Buffer event) {
        ws.writeTextMessage(event.toString());
      }

      @Override
      public boolean full() {
        return ws.writeQueueFull();
      }

      @Override
      public void onDrain(Runnable then) {
        ws.drainHandler(v -> then.run());
      }

      @Override
      public void onClose(Runnable then) {
        ws.closeHandler(v -> then.run());
        ws.exceptionHandler(e -> then.run());
      }

      @Override
      public void end() {
        if (!ended && !ws.isClosed()) {
          ws.close();
        }
        ended = true;
      }

      @Override
      public void abort() {
        end();
      }
    };
  }
}
