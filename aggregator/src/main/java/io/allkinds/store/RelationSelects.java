package io.allkinds.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.allkinds.model.LabelRequirement;
import io.allkinds.model.LabelRequirement.Operator;
import io.allkinds.model.ObjectKey;
import io.allkinds.model.RelationGraph;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The relationships no object states as a name, worked out when asked: the Pods a Service or a
 * PodDisruptionBudget selects by label (through the label index), the Services and budgets that
 * select a Pod, the objects of the type a CustomResourceDefinition defines and the definition of a
 * custom object. Every list is capped; a cap reached sets {@code truncated}.
 */
final class RelationSelects {

  static final String SELECTS = "selects";
  static final String DEFINES = "defines";

  /** The most Pods one selector adds. */
  private static final int MAX_SELECTED = 200;

  /** The most Services, or budgets, of a Pod's namespace whose selectors are read for it. */
  private static final int MAX_SELECTORS = 200;

  /** The most objects of a defined type listed. */
  private static final int MAX_DEFINED = 50;

  private static final String CRDS = "apiextensions.k8s.io";

  private final Connection c;
  private final RelationNodes nodes;
  private final RelationWalk walk;
  private final long at;

  RelationSelects(Connection c, RelationNodes nodes, RelationWalk walk, long at) {
    this.c = c;
    this.nodes = nodes;
    this.walk = walk;
    this.at = at;
  }

  /** Adds what {@code root} selects or defines, or what selects or defines it. */
  RelationGraph.Defines add(RelationNodes.Found root) throws SQLException {
    String group = RelationWalk.group(root.node());
    String kind = root.node().kind();
    if (group.isEmpty() && "Service".equals(kind)) {
      List<LabelRequirement> selector = matchLabels(root.body().path("spec").path("selector"));
      if (!selector.isEmpty()) {
        pods(root, selector);
      }
    } else if ("policy".equals(group) && "PodDisruptionBudget".equals(kind)) {
      List<LabelRequirement> selector = labelSelector(root.body().path("spec").path("selector"));
      if (selector != null) {
        pods(root, selector);
      }
    } else if (group.isEmpty() && "Pod".equals(kind)) {
      selecting(root, "", "services");
      selecting(root, "policy", "poddisruptionbudgets");
    } else if (CRDS.equals(group) && "CustomResourceDefinition".equals(kind)) {
      return defined(root);
    } else if (group.contains(".")) {
      definedBy(root);
    }
    return null;
  }

  private void pods(RelationNodes.Found root, List<LabelRequirement> selector) throws SQLException {
    String cluster = root.node().cluster();
    String ns = root.node().namespace();
    Where w = new Where();
    LabelRequirement driver =
        selector.stream()
            .filter(r -> r.operator() == Operator.EQUALS || r.operator() == Operator.IN)
            .findFirst()
            .orElse(null);
    String from = " FROM objects o";
    if (driver != null) {
      // The label index drives: the Pods of this cluster with the first label, then the rest.
      from = " FROM object_labels d JOIN objects o ON o.search_id = d.search_id";
      LabelSql.indexed(w, "d.", driver, List.of(TypeHash.of(cluster, "", "pods")));
    }
    w.eq("o.cluster", cluster).eq("o.api_group", "").eq("o.resource", "pods").eq("o.namespace", ns);
    if (at == 0) {
      w.add("o.deleted = FALSE");
    }
    List<LabelRequirement> rest = new ArrayList<>(selector);
    rest.remove(driver);
    LabelSql.selector(w, rest);
    List<ObjectKey> keys = new ArrayList<>();
    try (PreparedStatement ps =
        Rows.prepare(
            c,
            "SELECT o.cluster, o.api_group, o.resource, o.namespace, o.name"
                + from
                + w.sql()
                + " ORDER BY o.name FETCH FIRST "
                + (MAX_SELECTED + 1)
                + " ROWS ONLY")) {
      w.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.add(Rows.key(rs));
        }
      }
    }
    if (keys.size() > MAX_SELECTED) {
      walk.truncate();
      keys = keys.subList(0, MAX_SELECTED);
    }
    for (RelationNodes.Found pod : nodes.read(keys).values()) {
      // As of an instant, a Pod is selected by the labels it had then.
      if (pod.node().deleted() || (at > 0 && !matches(selector, pod.body()))) {
        continue;
      }
      if (walk.add(pod)) {
        walk.link(root, pod, SELECTS);
      }
    }
  }

  /** The Services or budgets of a Pod's namespace whose selectors match its labels. */
  private void selecting(RelationNodes.Found pod, String group, String resource)
      throws SQLException {
    ObjectKey k = pod.key();
    Where w =
        new Where()
            .eq("cluster", k.cluster())
            .eq("api_group", group)
            .eq("resource", resource)
            .eq("namespace", k.namespace());
    if (at == 0) {
      w.add("deleted = FALSE");
    }
    List<ObjectKey> keys = keys(w, "name", MAX_SELECTORS + 1);
    if (keys.size() > MAX_SELECTORS) {
      walk.truncate();
      keys = keys.subList(0, MAX_SELECTORS);
    }
    for (RelationNodes.Found s : nodes.read(keys).values()) {
      if (s.node().deleted() || s.body() == null) {
        continue;
      }
      JsonNode selector = s.body().path("spec").path("selector");
      List<LabelRequirement> reqs =
          group.isEmpty() ? matchLabels(selector) : labelSelector(selector);
      if (reqs != null && !reqs.isEmpty() && matches(reqs, pod.body()) && walk.add(s)) {
        walk.link(s, pod, SELECTS);
      }
    }
  }

  /** The keys of up to {@code max} objects {@code w} finds, in {@code order}. */
  private List<ObjectKey> keys(Where w, String order, int max) throws SQLException {
    List<ObjectKey> keys = new ArrayList<>();
    try (PreparedStatement ps =
        Rows.prepare(
            c,
            "SELECT cluster, api_group, resource, namespace, name FROM objects"
                + w.sql()
                + " ORDER BY "
                + order
                + " FETCH FIRST "
                + max
                + " ROWS ONLY")) {
      w.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.add(Rows.key(rs));
        }
      }
    }
    return keys;
  }

  private RelationGraph.Defines defined(RelationNodes.Found crd) throws SQLException {
    JsonNode spec = crd.body().path("spec");
    String group = spec.path("group").asText("");
    String resource = spec.path("names").path("plural").asText("");
    String kind = spec.path("names").path("kind").asText("");
    String cluster = crd.node().cluster();
    if (group.isEmpty() || resource.isEmpty()) {
      return null;
    }
    Where w = new Where().eq("cluster", cluster).eq("api_group", group).eq("resource", resource);
    if (at == 0) {
      w.add("deleted = FALSE");
    }
    List<ObjectKey> keys = keys(w, "namespace, name", MAX_DEFINED + 1);
    boolean more = keys.size() > MAX_DEFINED;
    if (more) {
      walk.truncate();
      keys = keys.subList(0, MAX_DEFINED);
    }
    long shown = 0;
    for (RelationNodes.Found o : nodes.read(keys).values()) {
      if (!o.node().deleted()) {
        shown++;
        if (walk.add(o)) {
          walk.link(crd, o, DEFINES);
        }
      }
    }
    RelationNodes.Type t = nodes.type(cluster, group, kind);
    String version = t != null ? t.version() : storageVersion(spec);
    long count = at == 0 && t != null ? storedCount(cluster, group, resource) : shown;
    return new RelationGraph.Defines(group + "/" + version, kind, Math.max(count, shown));
  }

  /** Links a custom object to the definition of its type, when the store has it. */
  private void definedBy(RelationNodes.Found object) throws SQLException {
    ObjectKey k = object.key();
    ObjectKey crd =
        new ObjectKey(
            k.cluster(), CRDS, "customresourcedefinitions", "", k.resource() + "." + k.group());
    RelationNodes.Found f = nodes.read(List.of(crd)).get(crd);
    if (f != null && !f.node().deleted() && walk.add(f)) {
      walk.link(f, object, DEFINES);
    }
  }

  private long storedCount(String cluster, String group, String resource) throws SQLException {
    try (PreparedStatement ps =
        Rows.prepare(
            c,
            "SELECT objects FROM resource_types WHERE cluster = ? AND api_group = ? AND resource = ?")) {
      ps.setString(1, cluster);
      ps.setString(2, group);
      ps.setString(3, resource);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  private static String storageVersion(JsonNode spec) {
    for (JsonNode v : spec.path("versions")) {
      if (v.path("storage").asBoolean(false)) {
        return v.path("name").asText("");
      }
    }
    return spec.path("version").asText("");
  }

  /** A Service's selector: a plain map, every pair a requirement. */
  static List<LabelRequirement> matchLabels(JsonNode map) {
    List<LabelRequirement> out = new ArrayList<>();
    map.fields()
        .forEachRemaining(
            e ->
                out.add(
                    new LabelRequirement(
                        e.getKey(), Operator.EQUALS, List.of(e.getValue().asText()))));
    return out;
  }

  /**
   * A metav1.LabelSelector: matchLabels and matchExpressions (an empty one selects everything);
   * null when absent or with an operator this version does not know.
   */
  static List<LabelRequirement> labelSelector(JsonNode selector) {
    if (!selector.isObject()) {
      return null;
    }
    List<LabelRequirement> out = matchLabels(selector.path("matchLabels"));
    for (JsonNode e : selector.path("matchExpressions")) {
      List<String> values = new ArrayList<>();
      e.path("values").forEach(v -> values.add(v.asText()));
      Operator op =
          switch (e.path("operator").asText("")) {
            case "In" -> Operator.IN;
            case "NotIn" -> Operator.NOT_IN;
            case "Exists" -> Operator.EXISTS;
            case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
            default -> null;
          };
      if (op == null) {
        return null;
      }
      out.add(new LabelRequirement(e.path("key").asText(""), op, values));
    }
    return out;
  }

  private static boolean matches(List<LabelRequirement> selector, JsonNode body) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (body != null) {
      body.path("metadata")
          .path("labels")
          .fields()
          .forEachRemaining(l -> labels.put(l.getKey(), l.getValue().asText()));
    }
    return selector.stream().allMatch(r -> r.matches(labels));
  }
}
