package io.allkinds.web;

import io.allkinds.json.JsonPatches;
import io.allkinds.model.HistoryPage;
import io.allkinds.model.HistoryQuery;
import io.allkinds.model.JournalEntry;
import io.allkinds.model.JournalSink;
import io.allkinds.model.Timestamps;
import io.allkinds.store.HistoryQueries;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Set;

/**
 * {@code /api/v1/history}: one object's changes, oldest first, each with the whole object, the RFC
 * 6902 JSON Patch from the version before ({@link JsonPatches}), the paths it changed and who made
 * it. The patch leaves out resourceVersion, generation and managedFields unless {@code
 * bookkeeping=true} (then applying the patches in order rebuilds each version). Entries are
 * streamed, and a page ends at {@code limit} or once its bytes pass the page budget, with {@code
 * next} to continue.
 */
final class HistoryRoutes {

  private static final Set<String> PARAMS =
      Set.of(
          "cluster",
          "apiVersion",
          "kind",
          "namespace",
          "name",
          "uid",
          "after",
          "limit",
          "bookkeeping");

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
                      HistoryQuery q = query(p);
                      JsonPatches patches = new JsonPatches(p.bool("bookkeeping"));
                      HistoryPage page =
                          history.stream(
                              q,
                              new JournalSink() {
                                @Override
                                public void previous(byte[] body) {
                                  patches.startFrom(body);
                                }

                                @Override
                                public boolean accept(JournalEntry e, byte[] body) {
                                  JsonObject meta =
                                      new JsonObject()
                                          .put("seq", e.seq())
                                          .put("type", e.eventType().name())
                                          .put("observedAt", Timestamps.format(e.observedAt()))
                                          .put("resourceVersion", e.resourceVersion())
                                          .put("uid", e.uid())
                                          .mergeIn(Json.facts(e.facts()));
                                  return out.item(Json.item(meta, body, patches.next(body)));
                                }
                              });
                      // Nothing is sent before the first entry, so "no such object" is still a 404.
                      if (page == null || (page.entries() == 0 && q.afterSeq() == 0)) {
                        throw new ApiError(404, "not_found", "no history for that object");
                      }
                      out.end(new JsonObject().put("next", page.next()));
                    }));
  }

  /** The object named by {@code uid}, or else by its identity (then every part is required). */
  private static HistoryQuery query(Params p) {
    String uid = p.string("uid");
    int limit = p.integer("limit", 100, 1, 1000);
    long after = p.longValue("after", 0);
    if (uid != null && !uid.isEmpty()) {
      return HistoryQuery.byUid(uid, after, limit);
    }
    return HistoryQuery.byIdentity(p.objectName(), after, limit);
  }
}
