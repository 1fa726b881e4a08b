package io.allkinds.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Guards the API with bearer tokens. Tokens are compared as SHA-256 digests with {@link
 * MessageDigest#isEqual}, so the time taken says nothing about how much of a guess was right.
 * Tokens are taken from the {@code Authorization} header only, never from a URL, where proxies,
 * browsers and access logs would keep them.
 */
final class BearerAuth implements Handler<RoutingContext> {

  private final List<byte[]> digests;

  BearerAuth(List<String> tokens) {
    this.digests = tokens.stream().map(BearerAuth::sha256).toList();
  }

  boolean enabled() {
    return !digests.isEmpty();
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    String token = null;
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = header.substring(7).trim();
    }
    if (token != null && accepted(token)) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"allkinds\"");
    Responder.error(
        ctx,
        new ApiError(
            401,
            "unauthorized",
            token == null
                ? "this endpoint needs 'Authorization: Bearer <token>'"
                : "the bearer token is not valid"));
  }

  private boolean accepted(String token) {
    byte[] candidate = sha256(token);
    boolean ok = false;
    for (byte[] d : digests) {
      ok |= MessageDigest.isEqual(d, candidate); // check them all: no early exit
    }
    return ok;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
