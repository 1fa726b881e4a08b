package io.allkinds.config;

/** The address the API and UI are served on. */
public record HttpConfig(String host, int port) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
}
