package io.allkinds.web;

import io.allkinds.model.ChangePage;
import io.allkinds.model.ChangeQuery;
import io.allkinds.model.EventType;
import io.allkinds.store.ChangeQueries;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code /api/v1/changes}: the cross-cluster journal, ascending by sequence number, resumable with
 * {@code after}.
 */
final class ChangeRoutes {

  static final Set<String> FILTERS =
      Set.of(
          "cluster",
          "apiVersion",
          "kind",
          "namespace",
          "name",
          "type",
          "since",
          "until",
          "changed",
          "manager");
  private static final Set<String> PARAMS = union(FILTERS, Set.of("after", "limit"));

  private final ChangeQueries changes;
  private final Responder responder;

  ChangeRoutes(ChangeQueries changes, Responder responder) {
    this.changes = changes;
    this.responder = responder;
  }

  void mount(Router router) {
    router
        .get("/api/v1/changes")
        .handler(
            ctx ->
                responder.json(
                    ctx,
                    () -> {
                      Params p = new Params(ctx.queryParams(), PARAMS);
                      int limit = p.integer("limit", 100, 1, 1000);
                      ChangeQuery q = filters(p).slice(p.longValue("after", 0), 0, limit);
                      // A filter that matches little gets a short (even empty) page with next: each
                      // request
                      // scans a bounded window of the journal, never the journal to its end.
                      ChangePage page = changes.page(q);
                      JsonArray items = new JsonArray();
                      page.items().forEach(e -> items.add(Json.change(e)));
                      return new JsonObject().put("items", items).put("next", page.next());
                    }));
  }

  /** The journal filters shared by {@code /changes} and {@code /watch}. */
  static ChangeQuery filters(Params p) {
    ApiVersion av = ApiVersion.parse(p.string("apiVersion"));
    var since = p.time("since");
    var until = p.time("until");
    if (since != null && until != null && !since.isBefore(until)) {
      throw ApiError.badParameter("until", "must be after since");
    }
    return new ChangeQuery(
        p.strings("cluster"),
        av.group(),
        av.version(),
        p.string("kind"),
        p.string("namespace"),
        p.string("name"),
        eventType(p.string("type")),
        since,
        until,
        changedPaths(p),
        p.string("manager"),
        0,
        0,
        1);
  }

  /**
   * {@code changed}: JSON pointers ({@code /spec}, {@code /metadata/labels}), repeated or
   * comma-separated.
   */
  static List<String> changedPaths(Params p) {
    List<String> out = new ArrayList<>();
    for (String value : p.strings("changed")) {
      for (String path : value.split(",", -1)) {
        String trimmed = path.trim();
        if (trimmed.isEmpty()) {
          continue;
        }
        if (!trimmed.startsWith("/") || trimmed.length() > 512) {
          throw ApiError.badParameter(
              "changed", "expected a JSON pointer such as /spec or /metadata/labels");
        }
        out.add(trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
      }
    }
    return out;
  }

  static Set<String> union(Set<String> a, Set<String> b) {
    java.util.HashSet<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  private static EventType eventType(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return EventType.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiError.badParameter(
          "type", "expected ADDED, MODIFIED or DELETED, got '" + value + "'");
    }
  }
}
