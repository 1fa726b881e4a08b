package io.allkinds.web;

import io.allkinds.json.ContentComparison;
import io.allkinds.json.ObjectNormalizer;
import io.allkinds.model.CompareCopy;
import io.allkinds.model.ObjectName;
import io.allkinds.model.Timestamps;
import io.allkinds.store.CompareQueries;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/v1/compare}: one object in two clusters, or at two instants, as the RFC 6902 patch
 * from the left copy to the right and the top paths it changes; {@code /api/v1/drift}: every
 * cluster's live copy of one object grouped by content, largest group first, each other group with
 * the patch from the largest group's content to its own. Both leave out the fields that always
 * differ ({@link ObjectNormalizer}), and {@code status} when asked.
 */
final class CompareRoutes {

  private static final Set<String> IDENTITY = Set.of("apiVersion", "kind", "namespace", "name");
  private static final Set<String> COMPARE =
      ChangeRoutes.union(IDENTITY, Set.of("left", "right", "ignoreStatus"));
  private static final Set<String> DRIFT = ChangeRoutes.union(IDENTITY, Set.of("ignoreStatus"));

  /** The JSON bytes of copies one drift request may read: this many API pages' worth. */
  static final int PAGES_OF_COPIES = 4;

  private final CompareQueries compare;
  private final Responder responder;

  CompareRoutes(CompareQueries compare, Responder responder) {
    this.compare = compare;
    this.responder = responder;
  }

  void mount(Router router) {
    router
        .get("/api/v1/compare")
        .handler(ctx -> responder.json(ctx, () -> compare(new Params(ctx.queryParams(), COMPARE))));
    router
        .get("/api/v1/drift")
        .handler(ctx -> responder.json(ctx, () -> drift(new Params(ctx.queryParams(), DRIFT))));
  }

  /** One side of a comparison: a cluster, and an instant when it is not the live copy. */
  private record Side(String cluster, Instant asOf) {}

  private JsonObject compare(Params p) {
    ObjectName n = identity(p, null);
    Side left = side(p, "left");
    Side right = side(p, "right");
    boolean ignoreStatus = flag(p, false);
    Optional<CompareCopy> l = read(n, left);
    Optional<CompareCopy> r = read(n, right);
    if (l.isEmpty() && r.isEmpty()) {
      throw new ApiError(404, "not_found", "neither side has that object");
    }
    byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
    byte[] from = l.map(c -> ObjectNormalizer.normalize(c.body(), ignoreStatus)).orElse(empty);
    byte[] to = r.map(c -> ObjectNormalizer.normalize(c.body(), ignoreStatus)).orElse(empty);
    ContentComparison diff = ContentComparison.of(from, to);
    return new JsonObject()
        .put("left", side(left, l))
        .put("right", side(right, r))
        .put("identical", l.isPresent() && r.isPresent() && diff.identical())
        .put("patch", new JsonArray(diff.patch()))
        .put("changed", new JsonArray(diff.changed()));
  }

  /** Copies with one content: their clusters in order, and the content. */
  private static final class Group {
    final List<String> clusters = new ArrayList<>();
    final byte[] content;

    Group(byte[] content) {
      this.content = content;
    }
  }

  private JsonObject drift(Params p) {
    ObjectName n = identity(p, null);
    boolean ignoreStatus = flag(p, true);
    long budget = PAGES_OF_COPIES * responder.pageBytes();
    Map<String, Group> byHash = new LinkedHashMap<>();
    long[] read = {0};
    int copies =
        compare.copies(
            n,
            copy -> {
              read[0] += copy.body().length;
              if (read[0] > budget) {
                throw new ApiError(
                    413,
                    "too_large",
                    "the copies of that object exceed the "
                        + budget
                        + " bytes one comparison reads");
              }
              byte[] content = ObjectNormalizer.normalize(copy.body(), ignoreStatus);
              byHash
                  .computeIfAbsent(ObjectNormalizer.hash(content), h -> new Group(content))
                  .clusters
                  .add(copy.cluster());
            });
    if (copies == 0) {
      throw new ApiError(404, "not_found", "no cluster has a live copy of that object");
    }
    List<Group> groups = new ArrayList<>(byHash.values());
    groups.sort(
        Comparator.comparingInt((Group g) -> -g.clusters.size())
            .thenComparing(g -> g.clusters.get(0)));
    Group largest = groups.get(0);
    JsonArray out = new JsonArray();
    for (Group g : groups) {
      ContentComparison diff =
          g == largest
              ? new ContentComparison("[]", List.of())
              : ContentComparison.of(largest.content, g.content);
      out.add(
          new JsonObject()
              .put("clusters", new JsonArray(g.clusters))
              .put("size", g.clusters.size())
              .put("largest", g == largest)
              .put("patch", new JsonArray(diff.patch()))
              .put("changed", new JsonArray(diff.changed())));
    }
    Set<String> present = Set.copyOf(groups.stream().flatMap(g -> g.clusters.stream()).toList());
    JsonArray missing = new JsonArray();
    compare.clusters().stream().filter(c -> !present.contains(c)).forEach(missing::add);
    return new JsonObject().put("clusters", copies).put("missing", missing).put("groups", out);
  }

  private Optional<CompareCopy> read(ObjectName n, Side side) {
    ObjectName in =
        new ObjectName(side.cluster(), n.group(), n.version(), n.kind(), n.namespace(), n.name());
    return side.asOf() == null ? compare.live(in) : compare.asOf(in, side.asOf());
  }

  private static JsonObject side(Side side, Optional<CompareCopy> copy) {
    JsonObject out = new JsonObject().put("cluster", side.cluster());
    if (side.asOf() != null) {
      out.put("asOf", Timestamps.format(side.asOf()));
    }
    out.put("found", copy.isPresent());
    copy.ifPresent(c -> out.put("resourceVersion", c.resourceVersion()));
    return out;
  }

  /** The object's group, version, kind, namespace and name; {@code cluster} as given. */
  private static ObjectName identity(Params p, String cluster) {
    ApiVersion av = ApiVersion.parse(p.required("apiVersion"));
    return new ObjectName(
        cluster,
        av.group(),
        av.version(),
        p.required("kind"),
        p.string("namespace"),
        p.required("name"));
  }

  /** {@code cluster} or {@code cluster@RFC3339} (cluster names cannot hold '@'). */
  private static Side side(Params p, String name) {
    String v = p.required(name);
    int at = v.indexOf('@');
    String cluster = at < 0 ? v : v.substring(0, at);
    if (cluster.isEmpty()) {
      throw ApiError.badParameter(name, "expected cluster or cluster@time, got '" + v + "'");
    }
    if (at < 0) {
      return new Side(cluster, null);
    }
    try {
      return new Side(cluster, OffsetDateTime.parse(v.substring(at + 1)).toInstant());
    } catch (DateTimeParseException e) {
      throw ApiError.badParameter(
          name,
          "expected cluster@time with an RFC 3339 time such as c1@2026-11-24T02:00:00Z, got '"
              + v
              + "'");
    }
  }

  private static boolean flag(Params p, boolean dflt) {
    String v = p.string("ignoreStatus");
    return (v == null || v.isEmpty()) ? dflt : p.bool("ignoreStatus");
  }
}
