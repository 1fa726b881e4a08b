package io.allkinds.web;

import io.allkinds.model.ObjectKey;
import io.allkinds.model.ObjectQuery;
import io.allkinds.model.ObjectSummary;
import io.allkinds.store.InventoryQueries;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/** {@code /api/v1/objects}: pages of the inventory across clusters, filtered. */
final class ObjectRoutes {

  private static final Set<String> PARAMS = Set.of("cluster", "apiVersion", "group", "kind", "resource", "namespace",
      "name", "includeDeleted", "full", "limit", "continue");

  private final InventoryQueries inventory;
  private final Responder responder;

  ObjectRoutes(InventoryQueries inventory, Responder responder) {
    this.inventory = inventory;
    this.responder = responder;
  }

  void mount(Router router) {
    router.get("/api/v1/objects").handler(ctx -> responder.json(ctx, () -> {
      Params p = new Params(ctx.queryParams(), PARAMS);
      ApiVersion av = ApiVersion.parse(p.string("apiVersion"));
      String group = p.string("group");
      if (group != null && av.group() != null && !group.equals(av.group())) {
        throw ApiError.badParameter("group", "contradicts apiVersion");
      }
      int limit = p.integer("limit", 100, 1, 1000);
      ObjectQuery q = new ObjectQuery(p.strings("cluster"), group != null ? group : av.group(), av.version(),
          p.string("kind"), p.string("resource"), p.string("namespace"), p.string("name"),
          p.bool("includeDeleted"), p.bool("full"), limit, decode(p.string("continue")));
      List<ObjectSummary> page = inventory.list(q);
      JsonArray items = new JsonArray();
      page.forEach(o -> items.add(Json.object(o)));
      String next = page.size() < limit ? null : encode(page.get(page.size() - 1));
      return new JsonObject().put("items", items).put("continue", next);
    }));
  }

  private static String encode(ObjectSummary last) {
    JsonArray key = new JsonArray().add(last.cluster()).add(last.type().group()).add(last.type().resource())
        .add(last.namespace() == null ? "" : last.namespace()).add(last.name());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static ObjectKey decode(String token) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    try {
      JsonArray key = new JsonArray(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
      if (key.size() != 5) {
        throw new IllegalArgumentException();
      }
      return new ObjectKey(key.getString(0), key.getString(1), key.getString(2), key.getString(3), key.getString(4));
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      throw ApiError.badParameter("continue", "not a token this API handed out");
    }
  }
}
