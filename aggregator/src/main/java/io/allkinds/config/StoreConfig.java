package io.allkinds.config;

/** Where the store lives: a JDBC URL (embedded H2 by default) and optional credentials. */
public record StoreConfig(String url, String user, String password) {

  public static final String DEFAULT_URL = "jdbc:h2:file:./data/allkinds";

  @Override
  public String toString() {
    return "StoreConfig[url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "***") + "]";
  }
}
