package io.allkinds.web;

import io.allkinds.model.HistoryPage;
import io.allkinds.model.HistoryQuery;
import io.allkinds.model.JournalEntry;
import io.allkinds.model.JournalSink;
import io.allkinds.model.Timestamps;
import io.allkinds.store.HistoryQueries;
import io.fabric8.zjsonpatch.JsonDiff;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/v1/history}: one object's changes, oldest first, each with the whole object and the
 * RFC 6902 JSON Patch from the version before (zjsonpatch computes it; applying the patches in
 * order rebuilds each version). Entries are streamed, and a page ends at {@code limit} or once its
 * bytes pass the page budget, with {@code next} to continue.
 */
final class HistoryRoutes {

  private static final Set<String> PARAMS =
      Set.of("cluster", "apiVersion", "kind", "namespace", "name", "uid", "after", "limit");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HistoryQueries history;
  private final Responder responder;

  HistoryRoutes(HistoryQueries history, Responder responder) {
    this.history = history;
    this.responder = responder;
  }

  void mount(Router router) {
    router
        .get("/api/v1/history")
        .handler(
            ctx ->
                responder.stream(
                    ctx,
                    out -> {
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
                        q =
                            new HistoryQuery(
                                p.required("cluster"),
                                av.group(),
                                av.version(),
                                p.required("kind"),
                                namespace == null ? "" : namespace,
                                p.required("name"),
                                null,
                                after,
                                limit);
                      }
                      HistoryPage page =
                          history.stream(
                              q,
                              new JournalSink() {
                                private JsonNode previous;

                                @Override
                                public void previous(byte[] body) {
                                  previous = JSON.readTree(body);
                                }

                                @Override
                                public boolean accept(JournalEntry e, byte[] body) {
                                  JsonNode node = JSON.readTree(body);
                                  String patch =
                                      previous == null
                                          ? "null"
                                          : JsonDiff.asJson(previous, node).toString();
                                  previous = node;
                                  JsonObject meta =
                                      new JsonObject()
                                          .put("seq", e.seq())
                                          .put("type", e.eventType().name())
                                          .put("observedAt", Timestamps.format(e.observedAt()))
                                          .put("resourceVersion", e.resourceVersion())
                                          .put("uid", e.uid());
                                  return out.item(Json.item(meta, body, patch));
                                }
                              });
                      // Nothing is sent before the first entry, so "no such object" is still a 404.
                      if (page == null || (page.entries() == 0 && after == 0)) {
                        throw new ApiError(404, "not_found", "no history for that object");
                      }
                      out.end(new JsonObject().put("next", page.next()));
                    }));
  }
}
