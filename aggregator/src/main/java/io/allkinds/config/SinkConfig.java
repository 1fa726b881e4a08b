package io.allkinds.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One sink: the journal entries {@code filter} matches, sent as CloudEvents to {@code url} in
 * {@code mode} carrying {@code payload}. A 4xx other than 408 and 429 is tried {@code maxAttempts}
 * times before the event is dead-lettered; retention waits for the sink while it is at most {@code
 * maxLagEntries} behind (0: never). {@code token}, when set, is sent as a bearer token and never
 * printed.
 */
public record SinkConfig(
    String name,
    URI url,
    SinkFilter filter,
    SinkPayload payload,
    SinkMode mode,
    int batchSize,
    Duration timeout,
    int maxAttempts,
    long maxLagEntries,
    Map<String, String> headers,
    String token) {

  public SinkConfig {
    headers = Map.copyOf(headers);
  }

  /** A sink with the defaults for everything but its name, URL and filter. */
  public static SinkConfig of(String name, URI url, SinkFilter filter) {
    return new SinkConfig(
        name,
        url,
        filter,
        SinkPayload.OBJECT,
        SinkMode.BINARY,
        100,
        Duration.ofSeconds(10),
        5,
        1_000_000,
        Map.of(),
        null);
  }

  /** The URL without user info, query or fragment, which may hold credentials. */
  public String safeUrl() {
    return url.getScheme()
        + "://"
        + url.getHost()
        + (url.getPort() < 0 ? "" : ":" + url.getPort())
        + (url.getRawPath() == null ? "" : url.getRawPath());
  }

  /** Events per request: the batch size in batched mode, else one. */
  public int eventsPerRequest() {
    return mode == SinkMode.BATCHED ? batchSize : 1;
  }

  @Override
  public String toString() {
    return name + "->" + safeUrl() + " (" + mode + ", " + payload + ")";
  }
}
