package io.allkinds.web;

import io.allkinds.model.HistoryPage;
import io.allkinds.model.HistoryQuery;
import io.allkinds.model.JournalEntry;
import io.allkinds.store.HistoryQueries;
import io.fabric8.zjsonpatch.JsonDiff;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/v1/history}: one object's changes, oldest first, each with the whole object and the
 * RFC 6902 JSON Patch from the version before (zjsonpatch computes it; applying the patches in
 * order rebuilds each version).
 */
final class HistoryRoutes {

  private static final Set<String> PARAMS = Set.of("cluster", "apiVersion", "kind", "namespace", "name", "uid",
      "after", "limit");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HistoryQueries history;
  private final Responder responder;

  HistoryRoutes(HistoryQueries history, Responder responder) {
    this.history = history;
    this.responder = responder;
  }

  void mount(Router router) {
    router.get("/api/v1/history").handler(ctx -> responder.json(ctx, () -> {
      Params p = new Params(ctx.queryParams(), PARAMS);
      String uid = p.string("uid");
      HistoryQuery q;
      int limit = p.integer("limit", 100, 1, 1000);
      long after = p.longValue("after", 0);
      if (uid != null && !uid.isEmpty()) {
        q = new HistoryQuery(null, null, null, null, null, null, uid, after, limit);
      } else {
        ApiVersion av = ApiVersion.parse(p.required("apiVersion"));
        String namespace = p.string("namespace");
        q = new HistoryQuery(p.required("cluster"), av.group(), av.version(), p.required("kind"),
            namespace == null ? "" : namespace, p.required("name"), null, after, limit);
      }
      HistoryPage page = history.history(q);
      if (page == null || (page.items().isEmpty() && after == 0)) {
        throw new ApiError(404, "not_found", "no history for that object");
      }
      JsonArray items = new JsonArray();
      String previous = page.previousObjectJson();
      for (JournalEntry e : page.items()) {
        items.add(new JsonObject()
            .put("seq", e.seq())
            .put("type", e.eventType().name())
            .put("observedAt", Json.time(e.observedAt()))
            .put("resourceVersion", e.resourceVersion())
            .put("uid", e.uid())
            .put("object", new JsonObject(e.objectJson()))
            .put("patch", previous == null ? null : patch(previous, e.objectJson())));
        previous = e.objectJson();
      }
      return new JsonObject().put("items", items).put("next", page.next());
    }));
  }

  private static JsonArray patch(String from, String to) {
    JsonNode diff = JsonDiff.asJson(JSON.readTree(from), JSON.readTree(to));
    return new JsonArray(diff.toString());
  }
}
