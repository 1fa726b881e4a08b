package io.allkinds.store;

import io.allkinds.model.LabelRequirement;
import io.allkinds.model.ObjectCursor;
import io.allkinds.model.ObjectQuery;
import io.allkinds.model.ObjectSink;
import io.allkinds.model.ObjectSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Pages of objects as they are now, from the latest-state table {@code objects}. */
final class LiveInventory {

  private static final List<String> COLUMNS =
      List.of(
          "cluster",
          "api_group",
          "resource",
          "namespace",
          "name",
          "version",
          "kind",
          "uid",
          "resource_version",
          "labels",
          "created_at",
          "observed_at",
          "deleted",
          "seq");

  /** One object with its body, by key, for pages that carry the whole objects. */
  private static final String ONE =
      "SELECT " + columns("") + ", body FROM objects" + ObjectKeySql.WHERE;

  private final Rows rows;

  LiveInventory(Rows rows) {
    this.rows = rows;
  }

  /**
   * Hands the page to {@code sink} (each body read only when the sink is ready for it) and returns
   * where the next page starts, or null at the end.
   */
  ObjectCursor stream(
      Connection c, ObjectQuery q, List<KindResolver.GroupResource> types, ObjectSink sink)
      throws SQLException {
    // On H2, q= is narrowed by the trigram index to a few candidates, which then drive the query.
    long[] candidates =
        q.text() == null || q.text().isEmpty() || !GramRows.kept(c)
            ? null
            : GramSearch.candidates(c, q.text());
    if (candidates != null && candidates.length == 0) {
      return null;
    }
    // Else a label that must have one of some values, on few enough objects, drives the query
    // from the label index, so only that label's objects are read.
    List<Integer> typeHashes = LabelSql.typeHashes(q, types);
    LabelRequirement driver = candidates != null ? null : LabelSql.driver(c, q, types, typeHashes);
    Where where = new Where();
    String from = " FROM objects o";
    if (candidates != null) {
      from = " FROM objects o USE INDEX (objects_by_search_id)";
      where.add(
          "o.search_id = ANY(?)", (Object) Arrays.stream(candidates).boxed().toArray(Long[]::new));
    } else if (driver != null) {
      // The label's rows were counted few, so they lead; H2 left to itself would rather walk a
      // type's objects in page order, reading every one of them when few have the label.
      from =
          " FROM object_labels d JOIN objects o"
              + (GramRows.kept(c) ? " USE INDEX (objects_by_search_id)" : "")
              + " ON o.search_id = d.search_id";
      LabelSql.indexed(where, "d.", driver, typeHashes);
    }
    where.merge(InventoryWhere.identity(q, types));
    if (!q.includeDeleted()) {
      where.add("o.deleted = FALSE");
    }
    LabelSql.selector(where, q.selector().stream().filter(r -> !r.equals(driver)).toList());
    LabelSql.text(where, q.text());
    // Bodies are read one row at a time below: a result set of a thousand bodies is held whole
    // in memory by both JDBC drivers, and is what ran a heap out of memory.
    String sql =
        "SELECT "
            + columns("o.")
            + from
            + where.sql()
            + " ORDER BY "
            + orderBy(q)
            + " FETCH FIRST "
            + q.limit()
            + " ROWS ONLY";
    List<ObjectSummary> listed = new ArrayList<>();
    try (PreparedStatement ps = Rows.prepare(c, sql)) {
      where.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          listed.add(summary(rs));
        }
      }
    }
    try (PreparedStatement one = q.full() ? Rows.prepare(c, ONE) : null) {
      for (int i = 0; i < listed.size(); i++) {
        ObjectSummary s = listed.get(i);
        byte[] body = null;
        if (one != null) {
          ObjectKeySql.bind(one, 1, s.key());
          try (ResultSet rs = one.executeQuery()) {
            if (!rs.next()) {
              continue; // deleted from the store between the two reads
            }
            s = summary(rs);
            body = rows.bodyBytes(rs);
          }
          if (s.deleted() && !q.includeDeleted()) {
            continue;
          }
        }
        if (!sink.accept(s, body)) {
          return i == listed.size() - 1 && listed.size() < q.limit()
              ? null
              : cursorOf(listed.get(i));
        }
      }
    }
    return listed.size() < q.limit() ? null : cursorOf(listed.get(listed.size() - 1));
  }

  private static String columns(String prefix) {
    return COLUMNS.stream().map(column -> prefix + column).collect(Collectors.joining(", "));
  }

  private static String orderBy(ObjectQuery q) {
    return switch (q.sort()) {
      case KEY -> InventoryWhere.KEY;
      case NAME -> "o.name, o.cluster, o.api_group, o.resource, o.namespace";
      case LAST_CHANGE -> "o.seq DESC";
    };
  }

  private static ObjectSummary summary(ResultSet rs) throws SQLException {
    String ns = rs.getString("namespace");
    return new ObjectSummary(
        rs.getString("cluster"),
        Rows.type(rs, !ns.isEmpty()),
        Rows.nullIfEmpty(ns),
        rs.getString("name"),
        rs.getString("uid"),
        rs.getString("resource_version"),
        rs.getString("labels"),
        SqlTime.read(rs, "created_at"),
        SqlTime.read(rs, "observed_at"),
        rs.getBoolean("deleted"),
        rs.getLong("seq"),
        null);
  }

  private static ObjectCursor cursorOf(ObjectSummary s) {
    return new ObjectCursor(s.key(), s.seq());
  }
}
