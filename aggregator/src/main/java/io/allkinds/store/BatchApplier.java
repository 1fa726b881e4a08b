package io.allkinds.store;

import io.allkinds.model.EventType;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.model.SyncState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies store ops inside one open transaction: upserts the latest state, appends to the journal
 * and records where each watch may resume. It compares every object with the stored row, so a
 * replayed event or an unchanged object in a relist never produces a journal entry.
 */
final class BatchApplier {

  private static final String PK =
      " WHERE cluster = ? AND api_group = ? AND resource = ? AND namespace = ? AND name = ?";
  private static final String SELECT_ROW =
      "SELECT uid, resource_version, deleted, list_generation, labels FROM objects" + PK;
  private static final String INSERT_JOURNAL =
      "INSERT INTO journal (seq, cluster, api_group, resource, namespace,"
          + " name, version, kind, uid, event_type, resource_version, observed_at, body)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String JOURNAL_DELETION_OF_STORED =
      "INSERT INTO journal (seq, cluster, api_group, resource,"
          + " namespace, name, version, kind, uid, event_type, resource_version, observed_at, body)"
          + " SELECT ?, cluster, api_group, resource, namespace, name, version, kind, uid, 'DELETED', resource_version, ?, body"
          + " FROM objects"
          + PK;
  private static final String MARK_DELETED =
      "UPDATE objects SET deleted = TRUE, observed_at = ?, seq = ?" + PK;
  private static final String INSERT_OBJECT =
      "INSERT INTO objects (cluster, api_group, resource, namespace, name,"
          + " version, kind, uid, resource_version, labels, body, created_at, observed_at, deleted, list_generation, seq,"
          + " search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String UPDATE_OBJECT =
      "UPDATE objects SET version = ?, kind = ?, uid = ?,"
          + " resource_version = ?, labels = ?, body = ?, created_at = ?, observed_at = ?, deleted = ?,"
          + " list_generation = ?, seq = ?, search_text = ?"
          + PK;
  private static final String ANY_OLDER_ROW =
      "SELECT 1 FROM objects WHERE cluster = ? AND api_group = ?"
          + " AND resource = ? AND list_generation <> ? FETCH FIRST 1 ROWS ONLY";
  private static final String TOUCH_GENERATION = "UPDATE objects SET list_generation = ?" + PK;
  private static final String UNSEEN_IN_LIST =
      "SELECT namespace, name FROM objects WHERE cluster = ?"
          + " AND api_group = ? AND resource = ? AND deleted = FALSE AND list_generation <> ?"
          + " ORDER BY namespace, name FETCH FIRST 500 ROWS ONLY";
  private static final String LIVE_OF_TYPE =
      "SELECT namespace, name FROM objects WHERE cluster = ?"
          + " AND api_group = ? AND resource = ? AND deleted = FALSE ORDER BY namespace, name FETCH FIRST 500 ROWS ONLY";
  private static final String TYPE_PK = " WHERE cluster = ? AND api_group = ? AND resource = ?";
  private static final String UPDATE_TYPE_STATUS =
      "UPDATE resource_types SET version = ?, kind = ?, namespaced = ?,"
          + " state = ?, message = ?, updated_at = ?"
          + TYPE_PK;
  private static final String INSERT_TYPE =
      "INSERT INTO resource_types (cluster, api_group, resource, version, kind,"
          + " namespaced, state, message, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String SET_TYPE_RV =
      "UPDATE resource_types SET resource_version = ?" + TYPE_PK;
  private static final String LIST_DONE_TYPE =
      "UPDATE resource_types SET resource_version = ?, list_generation = ?, listed_at = ?,"
          + " objects = (SELECT COUNT(*) FROM objects o WHERE o.cluster = ? AND o.api_group = ? AND o.resource = ?"
          + " AND o.deleted = FALSE)"
          + TYPE_PK;
  private static final String ADD_TYPE_COUNT =
      "UPDATE resource_types SET objects = objects + ?," + " last_change_at = ?" + TYPE_PK;
  private static final String TYPE_GONE =
      "UPDATE resource_types SET state = ?, message = ?,"
          + " resource_version = NULL, objects = 0, updated_at = ?, last_change_at = ?"
          + TYPE_PK;
  private static final String UPDATE_CLUSTER =
      "UPDATE clusters SET server = COALESCE(?, server), state = ?,"
          + " message = ?, updated_at = ? WHERE name = ?";
  private static final String INSERT_CLUSTER =
      "INSERT INTO clusters (name, server, state, message, updated_at)" + " VALUES (?, ?, ?, ?, ?)";
  private static final String CLUSTER_CHANGED =
      "UPDATE clusters SET last_change_at = ? WHERE name = ?";

  private record TypeKey(String cluster, ResourceType type) {}

  private record ObjectRef(TypeKey type, String namespace, String name) {}

  private record Row(
      String uid, String resourceVersion, boolean deleted, long listGeneration, String labels) {

    Row asDeleted() {
      return new Row(uid, resourceVersion, true, listGeneration, labels);
    }
  }

  private final Connection c;
  private final Instant at;
  private final long firstSeq;
  private final LabelRows labels;
  private long nextSeq;
  private final Map<TypeKey, Long> countDelta = new HashMap<>();
  private final Map<TypeKey, Instant> typeChangedAt = new HashMap<>();
  private final Map<TypeKey, String> resumeVersion = new HashMap<>();
  private final Map<String, Instant> clusterChangedAt = new HashMap<>();
  private final Map<JournalKey, Long> journaled = new HashMap<>();

  /** What the journal counts are grouped by in the metrics. */
  record JournalKey(String cluster, String group, String resource, String type) {}

  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private final Set<PreparedStatement> pending = new LinkedHashSet<>();

  /**
   * Objects with writes queued in {@link #pending}. Queued writes of different objects commute, so
   * watch events queue theirs too; a second change of one object in the batch runs the queue first.
   */
  private final Set<ObjectRef> pendingObjects = new java.util.HashSet<>();

  private final FreshLists freshLists;

  /**
   * {@code at} is the batch's store time; change number k of the batch is stamped k microseconds
   * later, so every change has its own time and times never decrease with seq (callers start the
   * next batch after {@link #lastStamp()}).
   */
  BatchApplier(Connection c, long nextSeq, Instant at, FreshLists freshLists) {
    this.c = c;
    this.nextSeq = nextSeq;
    this.firstSeq = nextSeq;
    this.at = at;
    this.freshLists = freshLists;
    this.labels = new LabelRows(this::ps);
  }

  /**
   * Each statement is prepared once per batch: H2 re-parses SQL that falls out of its small
   * per-session cache.
   */
  private PreparedStatement ps(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = c.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  /** Closes the batch's statements. */
  void close() {
    for (PreparedStatement ps : statements.values()) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // closing a statement of a finished transaction cannot lose data
      }
    }
  }

  /** How many journal entries this batch wrote, by cluster, type and change type. */
  Map<JournalKey, Long> journaled() {
    return journaled;
  }

  private Instant stamp(long seq) {
    return at.plusNanos(1000 * (seq - firstSeq));
  }

  /** The time of the batch's last change (or the batch time when it journaled nothing). */
  Instant lastStamp() {
    return stamp(Math.max(firstSeq, nextSeq - 1));
  }

  /** The sequence number the next journal entry will get. */
  long nextSeq() {
    return nextSeq;
  }

  void apply(StoreOp op) throws SQLException {
    if (!(op instanceof StoreOp.Listed) && !(op instanceof StoreOp.WatchEvent)) {
      flush();
    }
    if (op instanceof StoreOp.WatchEvent e) {
      watchEvent(e);
    } else if (op instanceof StoreOp.Listed l) {
      listed(l);
    } else if (op instanceof StoreOp.ListDone d) {
      listDone(d);
    } else if (op instanceof StoreOp.Bookmark b) {
      resumeVersion.put(new TypeKey(b.cluster(), b.type()), b.resourceVersion());
    } else if (op instanceof StoreOp.TypeGone g) {
      typeGone(g);
    } else if (op instanceof StoreOp.TypeStatus s) {
      typeStatus(s);
    } else if (op instanceof StoreOp.ClusterStatus s) {
      clusterStatus(s);
    }
  }

  private void run(PreparedStatement ps, boolean deferred) throws SQLException {
    if (deferred) {
      ps.addBatch();
      pending.add(ps);
    } else {
      ps.executeUpdate();
    }
  }

  /** Runs the queued JDBC batches; called before anything that reads rows they write. */
  private void flush() throws SQLException {
    for (PreparedStatement ps : pending) {
      ps.executeBatch();
    }
    pending.clear();
    pendingObjects.clear();
  }

  private boolean isFresh(TypeKey key, long generation) throws SQLException {
    Boolean fresh = freshLists.get(key.cluster(), key.type(), generation);
    if (fresh == null) {
      flush();
      PreparedStatement ps = ps(ANY_OLDER_ROW);
      bindType(ps, 1, key);
      ps.setLong(4, generation);
      try (ResultSet rs = ps.executeQuery()) {
        fresh = !rs.next();
      }
      freshLists.put(key.cluster(), key.type(), generation, fresh);
    }
    return fresh;
  }

  /** Writes the per-type and per-cluster figures gathered over the batch. */
  void finish() throws SQLException {
    flush();
    {
      PreparedStatement ps = ps(SET_TYPE_RV);
      for (var e : resumeVersion.entrySet()) {
        ps.setString(1, e.getValue());
        bindType(ps, 2, e.getKey());
        ps.executeUpdate();
      }
    }
    {
      PreparedStatement ps = ps(ADD_TYPE_COUNT);
      for (var e : typeChangedAt.entrySet()) {
        ps.setLong(1, countDelta.getOrDefault(e.getKey(), 0L));
        ps.setObject(2, time(e.getValue()));
        bindType(ps, 3, e.getKey());
        ps.executeUpdate();
      }
    }
    {
      PreparedStatement ps = ps(CLUSTER_CHANGED);
      for (var e : clusterChangedAt.entrySet()) {
        ps.setObject(1, time(e.getValue()));
        ps.setString(2, e.getKey());
        ps.executeUpdate();
      }
    }
  }

  private void watchEvent(StoreOp.WatchEvent e) throws SQLException {
    TypeKey key = new TypeKey(e.cluster(), e.type());
    ObservedObject o = e.object();
    resumeVersion.put(key, o.resourceVersion());
    if (pendingObjects.contains(new ObjectRef(key, o.namespace(), o.name()))) {
      flush(); // the stored row must reflect this object's earlier change in the batch
    }
    Row row = row(key, o.namespace(), o.name());
    if (e.eventType() == EventType.DELETED) {
      if (row != null && row.deleted() && row.uid().equals(o.uid())) {
        return; // already known to be gone
      }
      if (row != null && !row.deleted() && !row.uid().equals(o.uid())) {
        journalStoredDeletion(key, o.namespace(), o.name());
        row = row.asDeleted();
      }
      write(key, EventType.DELETED, o, true, row, row == null ? 0 : row.listGeneration(), true);
      return;
    }
    upsertLive(key, o, row, row == null ? 0 : row.listGeneration(), true);
  }

  private void listed(StoreOp.Listed l) throws SQLException {
    TypeKey key = new TypeKey(l.cluster(), l.type());
    ObservedObject o = l.object();
    if (isFresh(key, l.generation())) {
      // The first list of a type with nothing stored: every object is new, no lookups needed.
      write(key, EventType.ADDED, o, false, null, l.generation(), true);
      return;
    }
    flush();
    Row row = row(key, o.namespace(), o.name());
    if (row != null
        && !row.deleted()
        && row.uid().equals(o.uid())
        && notNewer(o.resourceVersion(), row.resourceVersion())) {
      {
        PreparedStatement ps = ps(TOUCH_GENERATION);
        ps.setLong(1, l.generation());
        bindObject(ps, 2, key, o.namespace(), o.name());
        ps.executeUpdate();
      }
      return;
    }
    upsertLive(key, o, row, l.generation(), false);
  }

  private void upsertLive(TypeKey key, ObservedObject o, Row row, long generation, boolean deferred)
      throws SQLException {
    if (row != null
        && !row.deleted()
        && row.uid().equals(o.uid())
        && notNewer(o.resourceVersion(), row.resourceVersion())) {
      return; // a replay of what is stored, or of an older version (a watch resumed by another
      // replica)
    }
    if (row != null && !row.deleted() && !row.uid().equals(o.uid())) {
      // The object was deleted and re-created while we were not watching.
      journalStoredDeletion(key, o.namespace(), o.name());
      row = row.asDeleted();
    }
    EventType type = row == null || row.deleted() ? EventType.ADDED : EventType.MODIFIED;
    write(key, type, o, false, row, generation, deferred);
  }

  /**
   * Journals and upserts one object; {@code deferred} queues the inserts as JDBC batches run by
   * {@link #flush()}.
   */
  private void write(
      TypeKey key,
      EventType type,
      ObservedObject o,
      boolean deleted,
      Row row,
      long generation,
      boolean deferred)
      throws SQLException {
    long seq = nextSeq++;
    if (deferred) {
      pendingObjects.add(new ObjectRef(key, o.namespace(), o.name()));
    }
    String labelsJson = labels.json(o.labels());
    {
      PreparedStatement ps = ps(INSERT_JOURNAL);
      ps.setLong(1, seq);
      ps.setString(2, key.cluster());
      ps.setString(3, key.type().group());
      ps.setString(4, key.type().resource());
      ps.setString(5, o.namespace());
      ps.setString(6, o.name());
      ps.setString(7, key.type().version());
      ps.setString(8, key.type().kind());
      ps.setString(9, o.uid());
      ps.setString(10, type.name());
      ps.setString(11, o.resourceVersion());
      ps.setObject(12, time(stamp(seq)));
      ps.setBytes(13, o.body());
      run(ps, deferred);
    }
    {
      PreparedStatement ps = ps(row == null ? INSERT_OBJECT : UPDATE_OBJECT);
      int i = 1;
      if (row == null) {
        i = bindObject(ps, i, key, o.namespace(), o.name());
      }
      ps.setString(i++, key.type().version());
      ps.setString(i++, key.type().kind());
      ps.setString(i++, o.uid());
      ps.setString(i++, o.resourceVersion());
      ps.setString(i++, labelsJson);
      ps.setBytes(i++, o.body());
      ps.setObject(i++, o.createdAt() == null ? null : time(o.createdAt()));
      ps.setObject(i++, time(stamp(seq)));
      ps.setBoolean(i++, deleted);
      ps.setLong(i++, generation);
      ps.setLong(i++, seq);
      ps.setString(i++, SearchText.of(o.name(), o.namespace(), o.labels()));
      if (row != null) {
        bindObject(ps, i, key, o.namespace(), o.name());
      }
      run(ps, deferred);
    }
    if (row == null || !labelsJson.equals(row.labels())) {
      labels.replace(
          key.cluster(),
          key.type(),
          o.namespace(),
          o.name(),
          row != null,
          o.labels(),
          deferred ? pending::add : null);
    }
    journaled.merge(
        new JournalKey(key.cluster(), key.type().group(), key.type().resource(), type.name()),
        1L,
        Long::sum);
    boolean wasLive = row != null && !row.deleted();
    long delta = (deleted ? 0L : 1L) - (wasLive ? 1L : 0L);
    countDelta.merge(key, delta, Long::sum);
    changed(key);
  }

  /**
   * Journals a DELETED entry carrying the stored body of a live object, and marks its row deleted.
   */
  private void journalStoredDeletion(TypeKey key, String namespace, String name)
      throws SQLException {
    long seq = nextSeq++;
    {
      PreparedStatement ps = ps(JOURNAL_DELETION_OF_STORED);
      ps.setLong(1, seq);
      ps.setObject(2, time(stamp(seq)));
      bindObject(ps, 3, key, namespace, name);
      ps.executeUpdate();
    }
    {
      PreparedStatement ps = ps(MARK_DELETED);
      ps.setObject(1, time(stamp(seq)));
      ps.setLong(2, seq);
      bindObject(ps, 3, key, namespace, name);
      ps.executeUpdate();
    }
    countDelta.merge(key, -1L, Long::sum);
    journaled.merge(
        new JournalKey(key.cluster(), key.type().group(), key.type().resource(), "DELETED"),
        1L,
        Long::sum);
    changed(key);
  }

  private void listDone(StoreOp.ListDone d) throws SQLException {
    TypeKey key = new TypeKey(d.cluster(), d.type());
    sweep(key, UNSEEN_IN_LIST, d.generation());
    {
      PreparedStatement ps = ps(LIST_DONE_TYPE);
      ps.setString(1, d.resourceVersion());
      ps.setLong(2, d.generation());
      ps.setObject(3, time(at));
      bindType(ps, 4, key);
      bindType(ps, 7, key);
      ps.executeUpdate();
    }
    countDelta.remove(key); // the count was just recomputed from the rows
    resumeVersion.remove(key);
    freshLists.done(key.cluster(), key.type());
  }

  private void typeGone(StoreOp.TypeGone g) throws SQLException {
    TypeKey key = new TypeKey(g.cluster(), g.type());
    sweep(key, LIVE_OF_TYPE, null);
    PreparedStatement ps = ps(TYPE_GONE);
    ps.setString(1, SyncState.GONE.wireName());
    ps.setString(2, "no longer served by the cluster");
    ps.setObject(3, time(at));
    ps.setObject(4, time(at));
    bindType(ps, 5, key);
    ps.executeUpdate();
    countDelta.remove(key);
    typeChangedAt.remove(key);
    resumeVersion.remove(key);
  }

  /** Marks deleted, with journal entries, every live row the query finds, 500 at a time. */
  private void sweep(TypeKey key, String query, Long generation) throws SQLException {
    while (true) {
      List<String[]> names = new ArrayList<>();
      {
        PreparedStatement ps = ps(query);
        bindType(ps, 1, key);
        if (generation != null) {
          ps.setLong(4, generation);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            names.add(new String[] {rs.getString(1), rs.getString(2)});
          }
        }
      }
      for (String[] n : names) {
        journalStoredDeletion(key, n[0], n[1]);
      }
      if (names.size() < 500) {
        return;
      }
    }
  }

  private void typeStatus(StoreOp.TypeStatus s) throws SQLException {
    Instant now = Instant.now();
    ResourceType t = s.type();
    {
      PreparedStatement ps = ps(UPDATE_TYPE_STATUS);
      ps.setString(1, t.version());
      ps.setString(2, t.kind());
      ps.setBoolean(3, t.namespaced());
      ps.setString(4, s.state().wireName());
      ps.setString(5, truncate(s.message()));
      ps.setObject(6, time(now));
      bindType(ps, 7, new TypeKey(s.cluster(), t));
      if (ps.executeUpdate() > 0) {
        return;
      }
    }
    {
      PreparedStatement ps = ps(INSERT_TYPE);
      bindType(ps, 1, new TypeKey(s.cluster(), t));
      ps.setString(4, t.version());
      ps.setString(5, t.kind());
      ps.setBoolean(6, t.namespaced());
      ps.setString(7, s.state().wireName());
      ps.setString(8, truncate(s.message()));
      ps.setObject(9, time(now));
      ps.executeUpdate();
    }
  }

  private void clusterStatus(StoreOp.ClusterStatus s) throws SQLException {
    Instant now = Instant.now();
    {
      PreparedStatement ps = ps(UPDATE_CLUSTER);
      ps.setString(1, s.server());
      ps.setString(2, s.state().wireName());
      ps.setString(3, truncate(s.message()));
      ps.setObject(4, time(now));
      ps.setString(5, s.cluster());
      if (ps.executeUpdate() > 0) {
        return;
      }
    }
    {
      PreparedStatement ps = ps(INSERT_CLUSTER);
      ps.setString(1, s.cluster());
      ps.setString(2, s.server());
      ps.setString(3, s.state().wireName());
      ps.setString(4, truncate(s.message()));
      ps.setObject(5, time(now));
      ps.executeUpdate();
    }
  }

  private Row row(TypeKey key, String namespace, String name) throws SQLException {
    {
      PreparedStatement ps = ps(SELECT_ROW);
      bindObject(ps, 1, key, namespace, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? new Row(
                rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getLong(4), rs.getString(5))
            : null;
      }
    }
  }

  /**
   * Whether {@code incoming} is the stored resourceVersion or an older one. resourceVersions are
   * opaque to clients, but every etcd-backed server issues growing integers; only when both are
   * integers is an older one recognised, otherwise only the same one is.
   */
  static boolean notNewer(String incoming, String stored) {
    if (incoming.equals(stored)) {
      return true;
    }
    if (incoming.length() > 18
        || stored.length() > 18
        || incoming.isEmpty()
        || stored.isEmpty()
        || !incoming.chars().allMatch(Character::isDigit)
        || !stored.chars().allMatch(Character::isDigit)) {
      return false;
    }
    return Long.parseLong(incoming) <= Long.parseLong(stored);
  }

  private void changed(TypeKey key) {
    typeChangedAt.put(key, at);
    clusterChangedAt.put(key.cluster(), at);
  }

  private static int bindType(PreparedStatement ps, int i, TypeKey key) throws SQLException {
    ps.setString(i++, key.cluster());
    ps.setString(i++, key.type().group());
    ps.setString(i++, key.type().resource());
    return i;
  }

  private static int bindObject(
      PreparedStatement ps, int i, TypeKey key, String namespace, String name) throws SQLException {
    i = bindType(ps, i, key);
    ps.setString(i++, namespace);
    ps.setString(i++, name);
    return i;
  }

  private static OffsetDateTime time(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static String truncate(String message) {
    if (message == null || message.length() <= 4000) {
      return message;
    }
    return message.substring(0, 3997) + "...";
  }
}
