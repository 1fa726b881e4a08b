package io.allkinds.cluster;

import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * fabric8's Vert.x HTTP client set up for many long watches to few API servers: over TLS it offers
 * HTTP/2 by ALPN, so every list and watch of a client is a stream of one connection (two at most:
 * the second for a server whose stream limit is reached); a server that does not speak HTTP/2 gets
 * HTTP/1.1 with at most {@code maxConnectionsPerServer} connections.
 */
public final class ApiHttpClientFactory extends Vertx5HttpClientFactory {

  /**
   * A stream may run this far ahead of its reader: large LIST pages flow without waiting for a
   * window update per 64 KiB (HTTP/2's default) on a distant server.
   */
  private static final int STREAM_WINDOW_BYTES = 2 * 1024 * 1024;

  /** What all streams of one connection together may have in flight unread. */
  private static final int CONNECTION_WINDOW_BYTES = 16 * 1024 * 1024;

  /**
   * HTTP/2 connections of one client. Vert.x opens a connection for every request that finds none
   * with a free stream, including while the first one is still connecting: a larger pool would be
   * filled by the burst of watches that starts (or restarts) together, and then hold all of them.
   */
  private static final int HTTP2_CONNECTIONS = 2;

  private final int maxConnectionsPerServer;
  private final boolean http2;

  /**
   * @param vertx the process's Vert.x, whose event loops carry the I/O
   * @param maxConnectionsPerServer the most connections one client opens to its server
   * @param http2 whether to offer HTTP/2 (false for a kubeconfig that disables it)
   */
  public ApiHttpClientFactory(Vertx vertx, int maxConnectionsPerServer, boolean http2) {
    super(vertx);
    if (maxConnectionsPerServer < 1) {
      throw new IllegalArgumentException("maxConnectionsPerServer must be at least 1");
    }
    this.maxConnectionsPerServer = maxConnectionsPerServer;
    this.http2 = http2;
  }

  @Override
  protected void additionalConfig(
      WebClientOptions options, WebSocketClientOptions webSockets, PoolOptions pool) {
    pool.setHttp1MaxSize(maxConnectionsPerServer)
        .setHttp2MaxSize(Math.min(HTTP2_CONNECTIONS, maxConnectionsPerServer));
    webSockets.setMaxConnections(maxConnectionsPerServer);
    // HTTP/2 only where ALPN can negotiate it: a plain-HTTP server would get an h2c upgrade.
    if (http2 && options.isSsl()) {
      options
          .setProtocolVersion(HttpVersion.HTTP_2)
          .setUseAlpn(true)
          .setHttp2ConnectionWindowSize(CONNECTION_WINDOW_BYTES)
          .getInitialSettings()
          .setInitialWindowSize(STREAM_WINDOW_BYTES);
    }
  }
}
