package io.allkinds.config;

import java.util.List;
import java.util.Locale;

/**
 * The address the API and UI are served on, the bearer tokens that guard the API (none: open), and
 * the safety valves for serving without tokens: {@code allowUnauthenticated} to listen on a
 * non-loopback address anyway, {@code allowedHosts} to accept more Host names than loopback ones.
 */
public record HttpConfig(
    String host,
    int port,
    List<String> tokens,
    boolean allowUnauthenticated,
    List<String> allowedHosts) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;

  public HttpConfig {
    tokens = tokens == null ? List.of() : List.copyOf(tokens);
    allowedHosts =
        allowedHosts == null
            ? List.of()
            : allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
  }

  /** Loopback-only, token-less defaults apart from the given values. */
  public HttpConfig(String host, int port, List<String> tokens) {
    this(host, port, tokens, false, List.of());
  }

  /** The same settings on another port. */
  public HttpConfig withPort(int newPort) {
    return new HttpConfig(host, newPort, tokens, allowUnauthenticated, allowedHosts);
  }

  /** Whether {@link #host} is a loopback address, reachable only from this machine. */
  private boolean loopback() {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
  }

  /**
   * Why this configuration must not be served, or null: listening beyond loopback with no token
   * lets anyone on the network read every object.
   */
  public String refusal() {
    if (loopback() || !tokens.isEmpty() || allowUnauthenticated) {
      return null;
    }
    return "http.host "
        + host
        + " is reachable from other machines but http.tokens is empty: set tokens"
        + " (or ALLKINDS_HTTP_TOKENS), or http.allowUnauthenticated: true to serve every object to anyone";
  }

  @Override
  public String toString() {
    return "HttpConfig[host="
        + host
        + ", port="
        + port
        + ", tokens="
        + tokens.size()
        + ", allowUnauthenticated="
        + allowUnauthenticated
        + ", allowedHosts="
        + allowedHosts
        + "]";
  }
}
