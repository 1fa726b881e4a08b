package io.allkinds.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where the store lives: a JDBC URL (embedded H2 by default) and optional credentials. */
public record StoreConfig(String url, String user, String password) {

  public static final String DEFAULT_URL = "jdbc:h2:file:./data/allkinds";

  /** A password inside a JDBC URL: a {@code password=} parameter, or {@code user:password@host}. */
  private static final Pattern URL_PASSWORD =
      Pattern.compile("(?i)(password=)[^&;\\s]*|(//[^/@:\\s]*:)[^/@\\s]*(@)");

  /**
   * The URL with any password in it replaced by {@code ***}: the only form of it that may be logged
   * or shown.
   */
  public String safeUrl() {
    return safe(url);
  }

  /**
   * {@code text} (a URL, or a message quoting one) with any password in it replaced by {@code ***}.
   */
  public static String safe(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = URL_PASSWORD.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          out,
          Matcher.quoteReplacement(
              m.group(1) != null ? m.group(1) + "***" : m.group(2) + "***" + m.group(3)));
    }
    m.appendTail(out);
    return out.toString();
  }

  @Override
  public String toString() {
    return "StoreConfig[url="
        + safeUrl()
        + ", user="
        + user
        + ", password="
        + (password == null ? "none" : "***")
        + "]";
  }
}
