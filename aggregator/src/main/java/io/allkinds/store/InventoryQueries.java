package io.allkinds.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.allkinds.model.LabelRequirement;
import io.allkinds.model.ObjectCursor;
import io.allkinds.model.ObjectKey;
import io.allkinds.model.ObjectPage;
import io.allkinds.model.ObjectQuery;
import io.allkinds.model.ObjectSink;
import io.allkinds.model.ObjectSummary;
import io.allkinds.model.ResourceType;
import io.allkinds.model.Timestamps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Answers "what is there": pages of objects in key order, as they are now (from the latest-state
 * table) or as they were at an instant (rebuilt from the journal).
 */
public final class InventoryQueries {

  private static final String KEY = "o.cluster, o.api_group, o.resource, o.namespace, o.name";
  private static final String COLUMNS =
      KEY
          + ", o.version, o.kind, o.uid, o.resource_version, o.labels,"
          + " o.created_at, o.observed_at, o.deleted, o.seq";
  private static final String AS_OF_ENTRY =
      "SELECT seq, version, kind, uid, event_type, resource_version, observed_at,"
          + " body FROM journal WHERE cluster = ? AND api_group = ? AND resource = ? AND namespace = ? AND name = ?"
          + " AND seq <= ? ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY";
  private static final String ONE =
      "SELECT "
          + COLUMNS
          + ", o.body FROM objects o WHERE o.cluster = ?"
          + " AND o.api_group = ? AND o.resource = ? AND o.namespace = ? AND o.name = ?";
  private static final int ABSENT = 0;
  private static final int TAKEN = 1;
  private static final int TAKEN_LAST = 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * How many stored identities an asOf page may look at before it returns short, with a continue
   * key.
   */
  private static final int AS_OF_SCAN_FACTOR = 20;

  private final DataSource dataSource;
  private final Rows rows;

  public InventoryQueries(DataSource dataSource, BodyCodec codec) {
    this.dataSource = dataSource;
    this.rows = new Rows(codec);
  }

  /**
   * One page of objects matching the query, collected in memory: for small pages (one object,
   * tests).
   */
  public ObjectPage list(ObjectQuery q) {
    List<ObjectSummary> out = new ArrayList<>();
    ObjectCursor next =
        stream(
            q,
            (s, body) -> {
              out.add(
                  body == null ? s : s.withObjectJson(new String(body, StandardCharsets.UTF_8)));
              return true;
            });
    return new ObjectPage(out, next);
  }

  /**
   * Hands the page's objects to {@code sink} one at a time, reading each body only when the sink is
   * ready for it, and returns where the next page starts (null at the end). The page ends early,
   * with a cursor, when the sink says so.
   */
  public ObjectCursor stream(ObjectQuery q, ObjectSink sink) {
    try (Connection c = dataSource.getConnection()) {
      List<KindResolver.GroupResource> types = null;
      if (q.kind() != null || q.version() != null) {
        types =
            KindResolver.resolve(c, q.clusters(), q.group(), q.version(), q.kind(), q.resource());
      }
      return q.asOf() == null ? live(c, q, types, sink) : asOf(c, q, types, sink);
    } catch (SQLException e) {
      throw Rows.failure(
          e,
          "the listing",
          "narrow it with cluster, kind, namespace or an equality label selector");
    }
  }

  private Where identity(ObjectQuery q, List<KindResolver.GroupResource> types) {
    Where where = new Where();
    constrain(where, "o.", q, types);
    if (q.after() != null) {
      ObjectKey a = q.after().key();
      switch (q.sort()) {
        case KEY ->
            where.add(
                "(o.cluster, o.api_group, o.resource, o.namespace, o.name) > (?, ?, ?, ?, ?)",
                a.cluster(),
                a.group(),
                a.resource(),
                a.namespace(),
                a.name());
        case NAME ->
            where.add(
                "(o.name, o.cluster, o.api_group, o.resource, o.namespace) > (?, ?, ?, ?, ?)",
                a.name(),
                a.cluster(),
                a.group(),
                a.resource(),
                a.namespace());
        case LAST_CHANGE -> where.add("o.seq < ?", q.after().seq());
      }
    }
    return where;
  }

  /**
   * Cluster, type, namespace and name conditions on the table with alias {@code p} ("o." or "d.").
   */
  private static void constrain(
      Where where, String p, ObjectQuery q, List<KindResolver.GroupResource> types) {
    where.in(p + "cluster", q.clusters());
    if (types != null) {
      KindResolver.restrict(where, p, types);
    } else {
      where.eq(p + "api_group", q.group()).when(q.resource(), p + "resource = ?", q.resource());
    }
    where.eq(p + "namespace", q.namespace()).when(q.name(), p + "name = ?", q.name());
  }

  private static String orderBy(ObjectQuery q) {
    return switch (q.sort()) {
      case KEY -> KEY;
      case NAME -> "o.name, o.cluster, o.api_group, o.resource, o.namespace";
      case LAST_CHANGE -> "o.seq DESC";
    };
  }

  private ObjectCursor live(
      Connection c, ObjectQuery q, List<KindResolver.GroupResource> types, ObjectSink sink)
      throws SQLException {
    // A label that must have one of some values drives the query from the label index, which
    // holds cluster and type too, so only that label's objects are read.
    LabelRequirement driver =
        q.selector().stream()
            .filter(
                r ->
                    r.operator() == LabelRequirement.Operator.EQUALS
                        || r.operator() == LabelRequirement.Operator.IN)
            .findFirst()
            .orElse(null);
    Where where = new Where();
    String from = " FROM objects o";
    if (driver != null) {
      from =
          " FROM object_labels d JOIN objects o ON o.cluster = d.cluster AND o.api_group = d.api_group"
              + " AND o.resource = d.resource AND o.namespace = d.namespace AND o.name = d.name";
      where.add("d.label_key = ?", driver.key());
      where.add(
          "d.label_value IN ("
              + String.join(", ", driver.values().stream().map(v -> "?").toList())
              + ")",
          driver.values().toArray());
      constrain(where, "d.", q, types);
    }
    where.merge(identity(q, types));
    if (!q.includeDeleted()) {
      where.add("o.deleted = FALSE");
    }
    LabelSql.selector(where, q.selector().stream().filter(r -> !r.equals(driver)).toList());
    LabelSql.text(where, q.text());
    // Bodies are read one row at a time below: a result set of a thousand bodies is held whole
    // in memory by both JDBC drivers, and is what ran a heap out of memory.
    String sql =
        "SELECT "
            + COLUMNS
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
          ObjectKey k = s.key();
          one.setString(1, k.cluster());
          one.setString(2, k.group());
          one.setString(3, k.resource());
          one.setString(4, k.namespace());
          one.setString(5, k.name());
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
        Rows.instant(rs, "created_at"),
        Rows.instant(rs, "observed_at"),
        rs.getBoolean("deleted"),
        rs.getLong("seq"),
        null);
  }

  private ObjectCursor asOf(
      Connection c, ObjectQuery q, List<KindResolver.GroupResource> types, ObjectSink sink)
      throws SQLException {
    long boundary = JournalClock.lastSeqBefore(c, q.asOf(), true);
    if (boundary == 0) {
      return null;
    }
    int found = 0;
    int chunk = Math.max(q.limit(), 100);
    int budget = q.limit() * AS_OF_SCAN_FACTOR;
    ObjectCursor after = q.after();
    try (PreparedStatement entry = Rows.prepare(c, AS_OF_ENTRY)) {
      while (true) {
        List<ObjectCursor> keys = new ArrayList<>();
        Where w = identity(q.continuingAfter(after), types);
        String sql =
            "SELECT "
                + KEY
                + " FROM objects o"
                + w.sql()
                + " ORDER BY "
                + KEY
                + " FETCH FIRST "
                + chunk
                + " ROWS ONLY";
        try (PreparedStatement ps = Rows.prepare(c, sql)) {
          w.bind(ps);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              keys.add(
                  new ObjectCursor(
                      new ObjectKey(
                          rs.getString(1),
                          rs.getString(2),
                          rs.getString(3),
                          rs.getString(4),
                          rs.getString(5)),
                      0));
            }
          }
        }
        for (ObjectCursor k : keys) {
          after = k;
          budget--;
          int outcome = entryAsOf(entry, k.key(), boundary, q, sink);
          if (outcome != ABSENT) {
            found++;
            if (found == q.limit() || outcome == TAKEN_LAST) {
              return k;
            }
          }
        }
        if (keys.size() < chunk) {
          return null;
        }
        if (budget <= 0) {
          return after;
        }
      }
    }
  }

  /**
   * {@link #ABSENT}, or the sink took the object ({@link #TAKEN}, or {@link #TAKEN_LAST}: end the
   * page).
   */
  private int entryAsOf(
      PreparedStatement entry, ObjectKey k, long boundary, ObjectQuery q, ObjectSink sink)
      throws SQLException {
    entry.setString(1, k.cluster());
    entry.setString(2, k.group());
    entry.setString(3, k.resource());
    entry.setString(4, k.namespace());
    entry.setString(5, k.name());
    entry.setLong(6, boundary);
    try (ResultSet rs = entry.executeQuery()) {
      if (!rs.next()) {
        return ABSENT;
      }
      boolean deleted = "DELETED".equals(rs.getString("event_type"));
      if (deleted && !q.includeDeleted()) {
        return ABSENT;
      }
      byte[] body = rows.bodyBytes(rs);
      JsonNode meta = parse(body).path("metadata");
      Map<String, String> labels = new LinkedHashMap<>();
      meta.path("labels")
          .fields()
          .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      if (!LabelSql.matches(q.selector(), q.text(), labels, k.namespace(), k.name())) {
        return ABSENT;
      }
      ResourceType type =
          new ResourceType(
              k.group(),
              rs.getString("version"),
              k.resource(),
              rs.getString("kind"),
              !k.namespace().isEmpty());
      String labelsJson;
      try {
        labelsJson = JSON.writeValueAsString(labels);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      ObjectSummary s =
          new ObjectSummary(
              k.cluster(),
              type,
              Rows.nullIfEmpty(k.namespace()),
              k.name(),
              rs.getString("uid"),
              rs.getString("resource_version"),
              labelsJson,
              Timestamps.parseOrNull(meta.path("creationTimestamp").asText(null)),
              Rows.instant(rs, "observed_at"),
              deleted,
              rs.getLong("seq"),
              null);
      return sink.accept(s, q.full() ? body : null) ? TAKEN : TAKEN_LAST;
    }
  }

  private static JsonNode parse(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("stored body is not JSON: " + e.getMessage(), e);
    }
  }

  private static ObjectCursor cursorOf(ObjectSummary s) {
    return new ObjectCursor(s.key(), s.seq());
  }
}
