package io.allkinds.web;

import io.vertx.core.Handler;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;

/**
 * Defends a server without tokens against DNS rebinding: a web page on another site that makes its
 * own name resolve to 127.0.0.1 could otherwise read this API from the visitor's browser. Such a
 * request carries the other site's name in its Host header, so only Host values that are IP
 * literals, {@code localhost}, or names in {@code http.allowedHosts} ({@code *}: any) are served;
 * the probes {@code /healthz} and {@code /readyz} are always answered.
 */
final class HostCheck implements Handler<RoutingContext> {

  private final List<String> allowed;

  HostCheck(List<String> allowedHosts) {
    this.allowed = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.request().path();
    HostAndPort authority = ctx.request().authority();
    String host = authority == null ? null : authority.host();
    if (path.equals("/healthz") || path.equals("/readyz") || allowed(host)) {
      ctx.next();
      return;
    }
    Responder.error(
        ctx,
        new ApiError(
            403,
            "forbidden_host",
            "this server has no API tokens and answers only"
                + " requests addressed to localhost or an IP address; add the name to http.allowedHosts, or set http.tokens"));
  }

  /** Whether a request addressed to {@code host} may be served. */
  boolean allowed(String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost")
        || h.endsWith(".localhost")
        || ipv4(h)
        || (h.contains(":") && ipv6(h))
        || allowed.contains("*")
        || allowed.contains(h);
  }

  private static boolean ipv4(String h) {
    String[] parts = h.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty()
          || p.length() > 3
          || !p.chars().allMatch(Character::isDigit)
          || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  private static boolean ipv6(String h) {
    return h.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
  }
}
