package io.allkinds.config;

import java.util.List;

/** The address the API and UI are served on, and the bearer tokens that guard the API (none: open). */
public record HttpConfig(String host, int port, List<String> tokens) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;

  public HttpConfig {
    tokens = tokens == null ? List.of() : List.copyOf(tokens);
  }

  /** The same settings on another port. */
  public HttpConfig withPort(int newPort) {
    return new HttpConfig(host, newPort, tokens);
  }

  @Override
  public String toString() {
    return "HttpConfig[host=" + host + ", port=" + port + ", tokens=" + tokens.size() + "]";
  }
}
