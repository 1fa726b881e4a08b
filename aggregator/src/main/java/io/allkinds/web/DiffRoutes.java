package io.allkinds.web;

import io.allkinds.model.ChangeQuery;
import io.allkinds.model.DiffCursor;
import io.allkinds.model.DiffItem;
import io.allkinds.model.DiffPage;
import io.allkinds.model.DiffQuery;
import io.allkinds.model.Timestamps;
import io.allkinds.store.DiffQueries;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/diff}: every object that changed between two instants, once each, grouped by
 * apiVersion and kind, paged with {@code continue}.
 */
final class DiffRoutes {

  private static final Set<String> PARAMS =
      Set.of(
          "from",
          "to",
          "cluster",
          "apiVersion",
          "kind",
          "namespace",
          "changed",
          "manager",
          "limit",
          "continue");

  private final DiffQueries diffs;
  private final Responder responder;

  DiffRoutes(DiffQueries diffs, Responder responder) {
    this.diffs = diffs;
    this.responder = responder;
  }

  void mount(Router router) {
    router
        .get("/api/v1/diff")
        .handler(
            ctx ->
                responder.json(
                    ctx,
                    () -> {
                      Params p = new Params(ctx.queryParams(), PARAMS);
                      DiffQuery q = query(p, Instant.now());
                      return answer(q, diffs.page(q));
                    }));
  }

  /** The query the parameters ask; anything malformed is a 400 naming the parameter. */
  static DiffQuery query(Params p, Instant now) {
    Instant from = p.time("from");
    if (from == null) {
      throw ApiError.badParameter("from", "required: the window's start, an RFC 3339 time");
    }
    Instant to = p.time("to");
    if (to == null) {
      to = now;
    }
    if (!from.isBefore(to)) {
      throw ApiError.badParameter("to", "must be after from");
    }
    int limit = p.integer("limit", 100, 1, 1000);
    // The journal filters /changes takes (since, until, name and type are not parameters here).
    ChangeQuery filters = ChangeRoutes.filters(p);
    return new DiffQuery(filters, from, to, limit, decode(p.string("continue")));
  }

  static JsonObject answer(DiffQuery q, DiffPage page) {
    Map<String, JsonArray> groups = new LinkedHashMap<>();
    Map<String, JsonObject> heads = new LinkedHashMap<>();
    for (DiffItem item : page.items()) {
      String apiVersion = item.type().apiVersion();
      String key = apiVersion + " " + item.type().kind();
      heads.computeIfAbsent(
          key, k -> new JsonObject().put("apiVersion", apiVersion).put("kind", item.type().kind()));
      groups.computeIfAbsent(key, k -> new JsonArray()).add(item(item));
    }
    List<String> keys = new ArrayList<>(heads.keySet());
    keys.sort(
        (a, b) -> {
          int byKind = heads.get(a).getString("kind").compareTo(heads.get(b).getString("kind"));
          return byKind != 0 ? byKind : a.compareTo(b);
        });
    JsonArray out = new JsonArray();
    keys.forEach(k -> out.add(heads.get(k).put("items", groups.get(k))));
    return new JsonObject()
        .put("from", Timestamps.format(q.from()))
        .put("to", Timestamps.format(q.to()))
        .put("fromSeq", page.fromSeq())
        .put("toSeq", page.toSeq())
        .put("groups", out)
        .put("next", page.next() == null ? null : encode(page.next()));
  }

  static JsonObject item(DiffItem i) {
    JsonObject facts =
        Json.facts(new io.allkinds.model.ChangeFacts(i.changed(), i.actors(), i.appliedBy()));
    JsonObject out =
        new JsonObject()
            .put("cluster", i.cluster())
            .put("apiVersion", i.type().apiVersion())
            .put("kind", i.type().kind())
            .put("namespace", i.namespace())
            .put("name", i.name())
            .put("uid", i.uid())
            .put("change", i.change().apiName())
            .put("changes", i.changes())
            .put("firstSeq", i.firstSeq())
            .put("lastSeq", i.lastSeq())
            .put("firstAt", Timestamps.format(i.firstAt()))
            .put("lastAt", Timestamps.format(i.lastAt()));
    if (facts.containsKey("changed")) {
      out.put("changed", facts.getJsonArray("changed"));
    }
    out.put("statusOnly", i.statusOnly()).put("actors", facts.getJsonArray("actors"));
    if (i.appliedBy() != null) {
      out.put("appliedBy", i.appliedBy());
    }
    return out;
  }

  /** The continue token: the window's sequence numbers and where the scan goes on. */
  static String encode(DiffCursor c) {
    return ContinueToken.wrap(
        new JsonArray().add("diff").add(c.fromSeq()).add(c.toSeq()).add(c.afterSeq()));
  }

  /** The cursor a token holds (null for none); one this API did not hand out is a 400. */
  static DiffCursor decode(String token) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    JsonArray k = ContinueToken.unwrap(token, "diff", 4, "a diff");
    try {
      DiffCursor c = new DiffCursor(k.getLong(1), k.getLong(2), k.getLong(3));
      if (c.fromSeq() < 0 || c.afterSeq() < c.fromSeq() || c.afterSeq() > c.toSeq()) {
        throw new IllegalArgumentException();
      }
      return c;
    } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
      throw ApiError.badParameter("continue", "not a token this API handed out for a diff");
    }
  }
}
