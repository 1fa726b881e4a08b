package io.allkinds.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.allkinds.model.ObjectKey;
import io.allkinds.model.RelationNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the nodes of a neighbourhood: objects by key, live from {@code objects} or as of a journal
 * position from each one's last entry at or before it, and the targets edges name by kind, through
 * the small {@code resource_types} table, so that every read is a primary key lookup.
 */
final class RelationNodes {

  /** A stored type of a cluster. */
  record Type(String group, String resource, String version, String kind, boolean namespaced) {
    String apiVersion() {
      return group.isEmpty() ? version : group + "/" + version;
    }
  }

  /** A node with its stored key (null when missing) and its parsed body (when read). */
  record Found(ObjectKey key, RelationNode node, JsonNode body) {}

  /** Kinds whose bodies the neighbourhood of a root reads besides those with a state. */
  private static final Set<String> ROOT_BODIES =
      Set.of("Service", "PodDisruptionBudget", "CustomResourceDefinition");

  private static final int IN_CHUNK = 100;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Connection c;
  private final Rows rows;
  private final long at;
  private final Map<String, Optional<Type>> types = new HashMap<>();

  /** Reads through {@code c}; live when {@code at} is 0, else as of journal seq {@code at}. */
  RelationNodes(Connection c, Rows rows, long at) {
    this.c = c;
    this.rows = rows;
    this.at = at;
  }

  /** The type of {@code kind} (exact, or else in any case) in a cluster's group, or null. */
  Type type(String cluster, String group, String kind) throws SQLException {
    String k = cluster + "\n" + group + "\n" + kind;
    Optional<Type> known = types.get(k);
    if (known == null) {
      known = Optional.empty();
      try (PreparedStatement ps =
          Rows.prepare(
              c,
              "SELECT resource, version, kind, namespaced FROM resource_types"
                  + " WHERE cluster = ? AND api_group = ? AND LOWER(kind) = LOWER(?)"
                  + " ORDER BY resource")) {
        ps.setString(1, cluster);
        ps.setString(2, group);
        ps.setString(3, kind);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Type t =
                new Type(
                    group, rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4));
            if (known.isEmpty() || t.kind().equals(kind)) {
              known = Optional.of(t);
            }
          }
        }
      }
      types.put(k, known);
    }
    return known.orElse(null);
  }

  /** The node of a target an edge names, a missing one when the store has no copy of it. */
  Found target(String cluster, String group, String kind, String ns, String name, String uid)
      throws SQLException {
    Type t = type(cluster, group, kind);
    if (t != null) {
      ObjectKey key = new ObjectKey(cluster, group, t.resource(), t.namespaced() ? ns : "", name);
      Found found = read(List.of(key)).get(key);
      if (found != null) {
        return found;
      }
      ns = key.namespace();
    }
    String apiVersion = t != null ? t.apiVersion() : group.isEmpty() ? "v1" : group;
    return new Found(
        null,
        new RelationNode(
            RelationNode.id(apiVersion, kind, ns, name),
            cluster,
            apiVersion,
            kind,
            ns,
            name,
            uid,
            false,
            true,
            null),
        null);
  }

  /** The stored nodes of {@code keys} (live, or as of the position), in the keys' order. */
  Map<ObjectKey, Found> read(Collection<ObjectKey> keys) throws SQLException {
    Map<ObjectKey, Found> out = new LinkedHashMap<>();
    if (at > 0) {
      for (ObjectKey k : keys) {
        Found f = asOf(k);
        if (f != null) {
          out.put(k, f);
        }
      }
      return out;
    }
    // One statement per cluster, type and namespace, with the names in a list.
    Map<ObjectKey, List<String>> groups = new LinkedHashMap<>();
    for (ObjectKey k : keys) {
      groups
          .computeIfAbsent(
              new ObjectKey(k.cluster(), k.group(), k.resource(), k.namespace(), ""),
              g -> new ArrayList<>())
          .add(k.name());
    }
    Map<ObjectKey, Found> all = new HashMap<>();
    for (Map.Entry<ObjectKey, List<String>> g : groups.entrySet()) {
      List<String> names = g.getValue();
      for (int i = 0; i < names.size(); i += IN_CHUNK) {
        live(g.getKey(), names.subList(i, Math.min(names.size(), i + IN_CHUNK)), all);
      }
    }
    for (ObjectKey k : keys) {
      Found f = all.get(k);
      if (f != null) {
        out.put(k, f);
      }
    }
    return out;
  }

  private void live(ObjectKey type, List<String> names, Map<ObjectKey, Found> out)
      throws SQLException {
    Where w =
        new Where()
            .eq("cluster", type.cluster())
            .eq("api_group", type.group())
            .eq("resource", type.resource())
            .eq("namespace", type.namespace())
            .in("name", names);
    try (PreparedStatement ps =
        Rows.prepare(c, "SELECT name, version, kind, uid, deleted, body FROM objects" + w.sql())) {
      w.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ObjectKey k =
              new ObjectKey(
                  type.cluster(), type.group(), type.resource(), type.namespace(), rs.getString(1));
          out.put(
              k, found(k, rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5), rs));
        }
      }
    }
  }

  private Found asOf(ObjectKey k) throws SQLException {
    try (PreparedStatement ps =
        Rows.prepare(
            c,
            "SELECT version, kind, uid, event_type, body FROM journal"
                + ObjectKeySql.WHERE
                + " AND seq <= ? ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY")) {
      ps.setLong(ObjectKeySql.bind(ps, 1, k), at);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        return found(
            k,
            rs.getString(1),
            rs.getString(2),
            rs.getString(3),
            "DELETED".equals(rs.getString(4)),
            rs);
      }
    }
  }

  private Found found(
      ObjectKey k, String version, String kind, String uid, boolean deleted, ResultSet rs)
      throws SQLException {
    JsonNode body = null;
    String state = null;
    if (NodeStates.has(kind) || ROOT_BODIES.contains(kind)) {
      body = parse(rows.bodyBytes(rs));
      state = deleted || !NodeStates.has(kind) ? null : NodeStates.of(kind, body);
    }
    String apiVersion = k.group().isEmpty() ? version : k.group() + "/" + version;
    return new Found(
        k,
        new RelationNode(
            RelationNode.id(apiVersion, kind, k.namespace(), k.name()),
            k.cluster(),
            apiVersion,
            kind,
            k.namespace(),
            k.name(),
            uid,
            deleted,
            false,
            state),
        body);
  }

  static JsonNode parse(byte[] body) {
    if (body == null) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("stored body is not JSON: " + e.getMessage(), e);
    }
  }
}
