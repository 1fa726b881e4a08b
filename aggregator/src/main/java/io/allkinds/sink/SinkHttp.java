package io.allkinds.sink;

import io.allkinds.config.SinkConfig;
import io.allkinds.config.SinkMode;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.codec.BodyCodec;
import java.time.Instant;
import java.util.List;

/**
 * One sink's HTTP client: sends events as its mode says, on one kept-alive connection (requests are
 * sequential), and classifies the answer. The answer's body is never read, so a receiver cannot
 * make the aggregator hold a large one; the token and the URL's credentials never reach an error.
 */
final class SinkHttp implements AutoCloseable {

  static final String STRUCTURED = "application/cloudevents+json; charset=UTF-8";
  static final String BATCH = "application/cloudevents-batch+json; charset=UTF-8";

  private final SinkConfig config;
  private final WebClient client;
  private final String safeUrl;

  SinkHttp(Vertx vertx, SinkConfig config) {
    this.config = config;
    this.safeUrl = config.safeUrl();
    WebClientOptions options =
        new WebClientOptions()
            .setKeepAlive(true)
            .setConnectTimeout((int) Math.min(config.timeout().toMillis(), 10_000))
            .setUserAgent("allkinds-sink");
    options.setFollowRedirects(false);
    this.client = WebClient.create(vertx, options, new PoolOptions().setHttp1MaxSize(1));
  }

  /** Sends {@code events} (one, or a batch in batched mode) in one request. */
  Future<Outcome> send(List<CloudEvent> events) {
    HttpRequest<Void> request = request();
    Buffer body;
    if (config.mode() == SinkMode.BATCHED) {
      request.putHeader("content-type", BATCH);
      body = Buffer.buffer().appendString("[");
      for (int i = 0; i < events.size(); i++) {
        body.appendString(i == 0 ? "" : ",").appendBuffer(events.get(i).structured());
      }
      body.appendString("]");
    } else if (config.mode() == SinkMode.STRUCTURED) {
      request.putHeader("content-type", STRUCTURED);
      body = events.get(0).structured();
    } else {
      request.putHeaders(events.get(0).binaryHeaders());
      body = Buffer.buffer(events.get(0).data());
    }
    return exchange(request, body);
  }

  /** Resends a dead letter, stored as a structured event, the way the sink sends now. */
  Future<Outcome> resend(byte[] structuredEvent) {
    HttpRequest<Void> request = request();
    Buffer event = Buffer.buffer(structuredEvent);
    if (config.mode() == SinkMode.BATCHED) {
      request.putHeader("content-type", BATCH);
      return exchange(request, Buffer.buffer("[").appendBuffer(event).appendString("]"));
    }
    if (config.mode() == SinkMode.STRUCTURED) {
      request.putHeader("content-type", STRUCTURED);
      return exchange(request, event);
    }
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    Buffer data = StructuredEvents.toBinary(event, headers);
    request.putHeaders(headers);
    return exchange(request, data);
  }

  private HttpRequest<Void> request() {
    HttpRequest<Void> request =
        client
            .postAbs(config.url().toString())
            .timeout(config.timeout().toMillis())
            .as(BodyCodec.none());
    config.headers().forEach(request::putHeader);
    if (config.token() != null) {
      request.putHeader("authorization", "Bearer " + config.token());
    }
    return request;
  }

  private Future<Outcome> exchange(HttpRequest<Void> request, Buffer body) {
    return request
        .sendBuffer(body)
        .map(
            r ->
                Outcome.ofStatus(
                    r.statusCode(),
                    r.statusMessage(),
                    RetryAfter.parse(r.getHeader("retry-after"), Instant.now()),
                    safeUrl))
        .recover(e -> Future.succeededFuture(Outcome.unreachable(e, safeUrl)));
  }

  @Override
  public void close() {
    client.close();
  }
}
