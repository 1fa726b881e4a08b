package io.allkinds.bench;

import io.allkinds.bench.ExplainBodies.Facts;
import io.allkinds.bench.ExplainFleet.Edge;
import io.allkinds.bench.ExplainFleet.Kind;
import io.allkinds.bench.ExplainFleet.Obj;
import io.allkinds.model.EdgeRelation;
import io.allkinds.model.ObjectEdge;
import io.allkinds.store.BodyCodec;
import io.allkinds.store.TypeHash;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Fills an empty store (schema V10) with an {@link ExplainFleet} and its journal, by batched JDBC
 * inserts with the secondary indexes dropped and rebuilt afterwards, as a bulk loader would: first
 * every object's ADDED entry (cluster by cluster, as initial lists), then 4 N MODIFIED entries of
 * objects picked at random, with their changed paths and actors as the writer would store them;
 * entries are spread evenly over {@link #span()} in seq order. Then each object's latest row (its
 * body at its last entry), its label rows and its edges from its ADDED entry on.
 */
final class ExplainStoreFill {

  /**
   * The time 5,000,000 entries span; fewer span proportionally less, so that a two-hour window
   * holds about 208,000 entries at any size.
   */
  static final Duration FULL_SPAN = Duration.ofDays(2);

  /** The first entry's time. */
  static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

  private static final int BATCH = 1_000;
  private static final int COMMIT = 20_000;

  private static final List<String> INDEXES =
      List.of(
          "journal_by_object ON journal (cluster, api_group, resource, namespace, name, seq)",
          "journal_by_uid ON journal (uid, seq)",
          "objects_by_name ON objects (name)",
          "objects_by_seq ON objects (seq)",
          "objects_by_search_id ON objects (search_id)",
          "object_labels_by_label ON object_labels (label_key, label_value, type_hash, search_id)",
          "object_edge_sets_by_source_key ON object_edge_sets (source_key)");

  private final ExplainFleet fleet;
  private final long entries;
  private final BodyCodec codec = new BodyCodec();

  ExplainStoreFill(ExplainFleet fleet, long entries) {
    this.fleet = fleet;
    this.entries = entries;
  }

  /** The time the journal spans. */
  Duration span() {
    return Duration.ofNanos((long) (FULL_SPAN.toNanos() * (entries / 5_000_000.0)));
  }

  /** The time of the entry {@code seq}. */
  Instant at(long seq) {
    return START.plusNanos((long) ((seq - 1) * (double) span().toNanos() / entries));
  }

  /** Fills the store; prints how long each part took. */
  void fill(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      for (String index : INDEXES) {
        st.execute("DROP INDEX " + index.substring(0, index.indexOf(' ')));
      }
      c.setAutoCommit(false);
      long t0 = System.nanoTime();
      long[] last = journal(c);
      report("journal", entries, t0);
      t0 = System.nanoTime();
      objects(c, last);
      report("objects, labels, edges", fleet.objects(), t0);
      types(c);
      c.commit();
      c.setAutoCommit(true);
      for (String index : INDEXES) {
        t0 = System.nanoTime();
        st.execute("CREATE INDEX " + index);
        report("index " + index.substring(0, index.indexOf(' ')), 1, t0);
      }
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE journal_head SET next_seq = ?, last_observed_at = ?")) {
        ps.setLong(1, entries + 1);
        ps.setObject(2, time(entries));
        ps.executeUpdate();
      }
      t0 = System.nanoTime();
      st.execute("ANALYZE"); // as a store that grew to this size would have had it done
      report("analyze", 1, t0);
    }
  }

  private static void report(String what, long rows, long t0) {
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "  fill: %s: %.1f s (%.0f rows/s)%n", what, s, rows / s);
  }

  private OffsetDateTime time(long seq) {
    return OffsetDateTime.ofInstant(at(seq), ZoneOffset.UTC);
  }

  /** Writes the journal; returns each object's last seq. */
  private long[] journal(Connection c) throws SQLException {
    long n = fleet.objects();
    long[] last = new long[(int) n];
    Map<Kind, byte[]> bodies = new EnumMap<>(Kind.class);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO journal (seq, cluster, api_group, resource, namespace, name, version,"
                + " kind, uid, event_type, resource_version, observed_at, body, changed_paths,"
                + " actors, applied_by, prev_seq)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (long seq = 1; seq <= entries; seq++) {
        boolean added = seq <= n;
        long g = added ? seq - 1 : Long.remainderUnsigned(mix(seq), n);
        Obj o = fleet.at(g);
        long previous = last[(int) g];
        last[(int) g] = seq;
        Facts f = added ? ExplainBodies.added(fleet, o) : ExplainBodies.modified(fleet, o, seq);
        // Entries' bodies are one small valid object per kind: no measured query reads them.
        byte[] body = bodies.computeIfAbsent(o.kind(), k -> encode(fleet.body(fleet.at(g), "1")));
        int i = key(ps, 2, o);
        ps.setLong(1, seq);
        ps.setString(i++, o.kind().version);
        ps.setString(i++, o.kind().kind);
        ps.setString(i++, fleet.uid(o));
        ps.setString(i++, added ? "ADDED" : "MODIFIED");
        ps.setString(i++, Long.toString(seq));
        ps.setObject(i++, time(seq));
        ps.setBytes(i++, body);
        ps.setString(i++, f.changed());
        ps.setString(i++, f.actors());
        ps.setString(i++, f.appliedBy());
        ps.setLong(i, previous); // as the writer keeps it: 0 for an object's first entry
        ps.addBatch();
        flush(c, ps, seq);
      }
      ps.executeBatch();
      c.commit();
    }
    return last;
  }

  private void objects(Connection c, long[] last) throws SQLException {
    try (PreparedStatement obj =
            c.prepareStatement(
                "INSERT INTO objects (cluster, api_group, resource, namespace, name, version, kind,"
                    + " uid, resource_version, labels, body, created_at, observed_at, deleted,"
                    + " list_generation, seq, search_text, search_id) VALUES (?, ?, ?, ?, ?, ?, ?,"
                    + " ?, ?, ?, ?, ?, ?, FALSE, 1, ?, ?, ?)");
        PreparedStatement label =
            c.prepareStatement(
                "INSERT INTO object_labels (search_id, type_hash, label_key, label_value)"
                    + " VALUES (?, ?, ?, ?)");
        EdgeSetInserts edges = new EdgeSetInserts(c)) {
      for (long g = 0; g < fleet.objects(); g++) {
        Obj o = fleet.at(g);
        long seq = last[(int) g];
        long added = g + 1;
        Map<String, String> labels = fleet.labels(o);
        int i = key(obj, 1, o);
        obj.setString(i++, o.kind().version);
        obj.setString(i++, o.kind().kind);
        obj.setString(i++, fleet.uid(o));
        obj.setString(i++, Long.toString(seq));
        obj.setString(i++, labelsJson(labels));
        obj.setBytes(i++, encode(fleet.body(o, Long.toString(seq))));
        obj.setObject(i++, time(added));
        obj.setObject(i++, time(seq));
        obj.setLong(i++, seq);
        obj.setString(i++, searchText(fleet.name(o), fleet.namespace(o), labels));
        obj.setLong(i, added);
        obj.addBatch();
        int typeHash =
            TypeHash.of(ExplainFleet.cluster(o.cluster()), o.kind().group, o.kind().resource);
        for (Map.Entry<String, String> l : labels.entrySet()) {
          label.setLong(1, added);
          label.setInt(2, typeHash);
          label.setString(3, l.getKey());
          label.setString(4, l.getValue());
          label.addBatch();
        }
        List<ObjectEdge> stated = new ArrayList<>();
        for (Edge e : fleet.edges(o)) {
          stated.add(
              new ObjectEdge(
                  EdgeRelation.ofStored(e.relation()),
                  e.group(),
                  e.kind(),
                  e.namespace(),
                  e.name(),
                  e.uid()));
        }
        edges.add(
            added,
            ExplainFleet.cluster(o.cluster()),
            o.kind().group,
            o.kind().resource,
            fleet.namespace(o),
            fleet.name(o),
            stated);
        if ((g + 1) % BATCH == 0) {
          obj.executeBatch();
          label.executeBatch();
          edges.flush();
        }
        if ((g + 1) % COMMIT == 0) {
          c.commit();
        }
      }
      obj.executeBatch();
      label.executeBatch();
      edges.flush();
      c.commit();
    }
  }

  /** Every cluster, and every type in each, as watched. */
  private void types(Connection c) throws SQLException {
    Map<Kind, Long> counts =
        java.util.stream.LongStream.range(0, fleet.perCluster)
            .mapToObj(fleet::at)
            .collect(
                Collectors.groupingBy(
                    Obj::kind, () -> new EnumMap<>(Kind.class), Collectors.counting()));
    try (PreparedStatement cl =
            c.prepareStatement(
                "INSERT INTO clusters (name, server, state, updated_at) VALUES (?, ?, 'watching', ?)");
        PreparedStatement ty =
            c.prepareStatement(
                "INSERT INTO resource_types (cluster, api_group, resource, version, kind,"
                    + " namespaced, state, objects, updated_at) VALUES (?, ?, ?, ?, ?, ?,"
                    + " 'watching', ?, ?)")) {
      OffsetDateTime now = time(entries);
      for (int k = 0; k < ExplainFleet.CLUSTERS; k++) {
        String cluster = ExplainFleet.cluster(k);
        cl.setString(1, cluster);
        cl.setString(2, "https://" + cluster + ".example.com:6443");
        cl.setObject(3, now);
        cl.addBatch();
        Map<String, Long> byResource = new java.util.TreeMap<>();
        Map<String, Kind> kinds = new java.util.HashMap<>();
        counts.forEach(
            (kind, count) -> {
              byResource.merge(kind.group + "/" + kind.resource, count, Long::sum);
              kinds.put(kind.group + "/" + kind.resource, kind);
            });
        for (Map.Entry<String, Long> r : byResource.entrySet()) {
          Kind kind = kinds.get(r.getKey());
          ty.setString(1, cluster);
          ty.setString(2, kind.group);
          ty.setString(3, kind.resource);
          ty.setString(4, kind.version);
          ty.setString(5, kind.kind);
          ty.setBoolean(6, kind.namespaced);
          ty.setLong(7, r.getValue());
          ty.setObject(8, now);
          ty.addBatch();
        }
      }
      cl.executeBatch();
      ty.executeBatch();
    }
  }

  private static void flush(Connection c, PreparedStatement ps, long count) throws SQLException {
    if (count % BATCH == 0) {
      ps.executeBatch();
    }
    if (count % COMMIT == 0) {
      c.commit();
    }
  }

  /** Binds the object key columns from {@code i}; returns the next index. */
  private int key(PreparedStatement ps, int i, Obj o) throws SQLException {
    ps.setString(i++, ExplainFleet.cluster(o.cluster()));
    ps.setString(i++, o.kind().group);
    ps.setString(i++, o.kind().resource);
    ps.setString(i++, fleet.namespace(o));
    ps.setString(i++, fleet.name(o));
    return i;
  }

  private byte[] encode(String json) {
    return codec.encode(json.getBytes(StandardCharsets.UTF_8));
  }

  /** As the writer stores labels: a JSON object with its keys in order. */
  private static String labelsJson(Map<String, String> labels) {
    return new java.util.TreeMap<>(labels)
        .entrySet().stream()
            .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
            .collect(Collectors.joining(",", "{", "}"));
  }

  /** As store/SearchText writes it. */
  private static String searchText(String name, String namespace, Map<String, String> labels) {
    StringBuilder s = new StringBuilder(name).append('\n').append(namespace);
    labels.values().forEach(v -> s.append('\n').append(v.toLowerCase(Locale.ROOT)));
    return s.toString();
  }

  /** splitmix64: which object the entry {@code seq} modifies. */
  private static long mix(long seq) {
    long z = seq * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
