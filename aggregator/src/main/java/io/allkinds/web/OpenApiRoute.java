package io.allkinds.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code /api/v1/openapi.yaml}: the OpenAPI 3 description of this API (kept true by a test). */
final class OpenApiRoute {

  static final String RESOURCE = "/io/allkinds/web/openapi.yaml";

  private final Buffer doc;

  /**
   * Reads the document from the jar; call it off the event loop (the web verticle's constructor).
   */
  OpenApiRoute() {
    this.doc = load();
  }

  void mount(Router router) {
    router
        .get("/api/v1/openapi.yaml")
        .handler(ctx -> ctx.response().putHeader("content-type", "application/yaml").end(doc));
  }

  static Buffer load() {
    try (InputStream in = OpenApiRoute.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the jar");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
