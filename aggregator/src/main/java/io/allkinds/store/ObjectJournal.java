package io.allkinds.store;

import io.allkinds.model.ChangeFacts;
import io.allkinds.model.EventType;
import io.allkinds.model.ObjectDigest;
import io.allkinds.model.ObservedObject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Writes objects inside a batch: each change appends a journal entry and upserts the object's
 * latest state and labels. It compares every object with the stored row, so a replayed event or an
 * older version never produces a journal entry.
 */
final class ObjectJournal {

  private static final String SELECT_ROW =
      "SELECT uid, resource_version, deleted, list_generation, labels, search_id, digest, seq,"
          + " digest_bytes"
          + " FROM objects"
          + ObjectKeySql.WHERE;
  private static final String INSERT_JOURNAL =
      "INSERT INTO journal (seq, cluster, api_group, resource, namespace,"
          + " name, version, kind, uid, event_type, resource_version, observed_at, body,"
          + " changed_paths, actors, applied_by, prev_seq)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String JOURNAL_DELETION_OF_STORED =
      "INSERT INTO journal (seq, cluster, api_group, resource, namespace, name, version, kind, uid,"
          + " event_type, resource_version, observed_at, body, prev_seq)"
          + " SELECT ?, cluster, api_group, resource, namespace, name, version, kind, uid, ?,"
          + " resource_version, ?, body, seq FROM objects"
          + ObjectKeySql.WHERE;
  private static final String MARK_DELETED =
      "UPDATE objects SET deleted = TRUE, observed_at = ?, seq = ?" + ObjectKeySql.WHERE;
  private static final String INSERT_OBJECT =
      "INSERT INTO objects (cluster, api_group, resource, namespace, name,"
          + " version, kind, uid, resource_version, labels, body, created_at, observed_at, deleted,"
          + " list_generation, seq, search_text, search_id, digest_bytes)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String UPDATE_OBJECT =
      "UPDATE objects SET version = ?, kind = ?, uid = ?,"
          + " resource_version = ?, labels = ?, body = ?, created_at = ?, observed_at = ?, deleted = ?,"
          + " list_generation = ?, seq = ?, search_text = ?, search_id = COALESCE(?, search_id),"
          + " digest = NULL, digest_bytes = ?"
          + ObjectKeySql.WHERE;
  private static final String TOUCH_GENERATION =
      "UPDATE objects SET list_generation = ?" + ObjectKeySql.WHERE;

  /**
   * One change to journal and store: {@code before} is the stored row (null for none); {@code
   * generation} the list generation the row keeps.
   */
  private record Change(
      ObjectRef ref,
      EventType eventType,
      ObservedObject object,
      StoredRow before,
      long generation,
      BatchStatements.Run run) {

    boolean deleted() {
      return eventType == EventType.DELETED;
    }

    boolean wasLive() {
      return before != null && !before.deleted();
    }
  }

  private final BatchStatements statements;
  private final JournalStamps stamps;
  private final BatchFigures figures;
  private final LabelRows labels;
  private final GramRows grams;
  private final EdgeRows edges;

  /** {@code grams} drops the trigram index entries of the search texts this journal replaces. */
  ObjectJournal(
      BatchStatements statements, JournalStamps stamps, BatchFigures figures, GramRows grams) {
    this.statements = statements;
    this.stamps = stamps;
    this.figures = figures;
    this.labels = new LabelRows(statements);
    this.grams = grams;
    this.edges = new EdgeRows(statements);
  }

  /** The stored row of an object, or null; the caller has run the writes queued for it. */
  StoredRow stored(ObjectRef ref) throws SQLException {
    PreparedStatement ps = statements.get(SELECT_ROW);
    ObjectKeySql.bind(ps, 1, ref.key());
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next()
          ? new StoredRow(
              rs.getString(1),
              rs.getString(2),
              rs.getBoolean(3),
              rs.getLong(4),
              rs.getString(5),
              rs.getLong(6),
              ObjectDigest.decode(rs.getBytes(9), rs.getString(7)),
              rs.getLong(8))
          : null;
    }
  }

  /** Journals an object known to have no row (the first list of a type): ADDED, queued. */
  void addNew(TypeKey type, ObservedObject o, long generation) throws SQLException {
    write(
        new Change(
            type.object(o.namespace(), o.name()),
            EventType.ADDED,
            o,
            null,
            generation,
            BatchStatements.Run.QUEUED));
  }

  /**
   * Journals a live object as ADDED or MODIFIED unless {@code stored} already has it (a replay, or
   * an older version from a watch another replica resumed); a live row of another uid is journaled
   * deleted first (the object was deleted and re-created while nobody watched).
   */
  void upsertLive(
      TypeKey type, ObservedObject o, StoredRow stored, long generation, BatchStatements.Run run)
      throws SQLException {
    if (stored != null && stored.alreadyHas(o.uid(), o.resourceVersion())) {
      return;
    }
    ObjectRef ref = type.object(o.namespace(), o.name());
    StoredRow before = deletedIfReplaced(ref, stored, o);
    EventType eventType = before == null || before.deleted() ? EventType.ADDED : EventType.MODIFIED;
    write(new Change(ref, eventType, o, before, generation, run));
  }

  /**
   * Journals the deletion a watch saw, queued, unless {@code stored} already knows this object is
   * gone; a live row of another uid is journaled deleted first.
   */
  void deleteWatched(TypeKey type, ObservedObject o, StoredRow stored) throws SQLException {
    if (stored != null && stored.deleted() && stored.uid().equals(o.uid())) {
      return;
    }
    ObjectRef ref = type.object(o.namespace(), o.name());
    StoredRow before = deletedIfReplaced(ref, stored, o);
    long generation = before == null ? 0 : before.listGeneration();
    write(new Change(ref, EventType.DELETED, o, before, generation, BatchStatements.Run.QUEUED));
  }

  /**
   * The stored row as it is before {@code o} is written: a live row of another uid (the object was
   * deleted and re-created while nobody watched) is journaled deleted first.
   */
  private StoredRow deletedIfReplaced(ObjectRef ref, StoredRow stored, ObservedObject o)
      throws SQLException {
    if (stored != null && stored.liveWithOtherUid(o.uid())) {
      return stored.asDeleted(journalStoredDeletion(ref));
    }
    return stored;
  }

  /** Marks a stored object as seen by the list of {@code generation}, journaling nothing. */
  void touch(ObjectRef ref, long generation) throws SQLException {
    PreparedStatement ps = statements.get(TOUCH_GENERATION);
    ps.setLong(1, generation);
    ObjectKeySql.bind(ps, 2, ref.key());
    ps.executeUpdate();
  }

  /**
   * Journals a DELETED entry carrying the stored body of a live object, and marks its row deleted;
   * answers the entry's seq.
   */
  long journalStoredDeletion(ObjectRef ref) throws SQLException {
    long seq = stamps.take();
    PreparedStatement journal = statements.get(JOURNAL_DELETION_OF_STORED);
    journal.setLong(1, seq);
    journal.setString(2, EventType.DELETED.name());
    journal.setObject(3, SqlTime.of(stamps.stamp(seq)));
    ObjectKeySql.bind(journal, 4, ref.key());
    journal.executeUpdate();
    PreparedStatement mark = statements.get(MARK_DELETED);
    mark.setObject(1, SqlTime.of(stamps.stamp(seq)));
    mark.setLong(2, seq);
    ObjectKeySql.bind(mark, 3, ref.key());
    mark.executeUpdate();
    edges.end(ref, seq, BatchStatements.Run.NOW);
    figures.journaled(ref.type(), EventType.DELETED, -1L);
    return seq;
  }

  /** Journals and upserts one object. */
  private void write(Change change) throws SQLException {
    long seq = stamps.take();
    ObjectRef ref = change.ref();
    ObservedObject o = change.object();
    if (change.run() == BatchStatements.Run.QUEUED) {
      statements.queuedFor(ref);
    }
    String labelsJson = labels.json(o.labels());
    PreparedStatement journal = statements.get(INSERT_JOURNAL);
    int j = ObjectKeySql.bind(journal, 2, ref.key());
    journal.setLong(1, seq);
    journal.setString(j++, ref.type().type().version());
    journal.setString(j++, ref.type().type().kind());
    journal.setString(j++, o.uid());
    journal.setString(j++, change.eventType().name());
    journal.setString(j++, o.resourceVersion());
    journal.setObject(j++, SqlTime.of(stamps.stamp(seq)));
    journal.setBytes(j++, o.body());
    StoredRow before = change.before();
    ObjectDigest previous = before == null || before.deleted() ? null : before.digest();
    ChangeFacts facts = ChangeFacts.of(change.eventType(), o.digest(), previous);
    journal.setString(j++, facts.storedChanged());
    journal.setString(j++, facts.storedActors());
    journal.setString(j++, facts.appliedBy());
    journal.setLong(j, before == null ? 0 : before.seq());
    statements.run(journal, change.run());
    writeEdges(change, seq, previous);

    // The search text (name, namespace, label values) changes only with the labels; a new one
    // gets a new search id, the seq of this change, above every id indexed so far: the
    // SearchIndexer adds its grams later. The old text's grams go now.
    boolean labelsChanged = before == null || !labelsJson.equals(before.labels());
    String searchText = SearchText.of(o.name(), o.namespace(), o.labels());
    if (labelsChanged && before != null) {
      grams.deleteStored(ref.key()); // before the row's new text replaces the old one
    }
    PreparedStatement row = statements.get(before == null ? INSERT_OBJECT : UPDATE_OBJECT);
    int i = before == null ? ObjectKeySql.bind(row, 1, ref.key()) : 1;
    row.setString(i++, ref.type().type().version());
    row.setString(i++, ref.type().type().kind());
    row.setString(i++, o.uid());
    row.setString(i++, o.resourceVersion());
    row.setString(i++, labelsJson);
    row.setBytes(i++, o.body());
    row.setObject(i++, SqlTime.of(o.createdAt()));
    row.setObject(i++, SqlTime.of(stamps.stamp(seq)));
    row.setBoolean(i++, change.deleted());
    row.setLong(i++, change.generation());
    row.setLong(i++, seq);
    row.setString(i++, searchText);
    if (labelsChanged) {
      row.setLong(i++, seq);
    } else {
      row.setNull(i++, Types.BIGINT);
    }
    row.setBytes(i++, o.digest() == null ? null : o.digest().encode());
    if (before != null) {
      ObjectKeySql.bind(row, i, ref.key());
    }
    statements.run(row, change.run());

    if (labelsChanged) {
      if (before != null) {
        labels.delete(before.searchId());
      }
      labels.insert(seq, ref.type(), o.labels(), change.run());
    }
    long liveDelta = (change.deleted() ? 0L : 1L) - (change.wasLive() ? 1L : 0L);
    figures.journaled(ref.type(), change.eventType(), liveDelta);
  }

  /**
   * Ends the object's live edges and starts its new ones when the set changed: on a deletion, on a
   * new set, or when the version before has no digest to compare with. An object without a digest
   * leaves its edges as they are.
   */
  private void writeEdges(Change change, long seq, ObjectDigest previous) throws SQLException {
    ObjectDigest now = change.object().digest();
    if (now == null) {
      return;
    }
    boolean hadEdges = change.wasLive() && (previous == null || previous.edgesHash() != 0);
    if (change.deleted()) {
      if (hadEdges) {
        edges.end(change.ref(), seq, change.run());
      }
      return;
    }
    if (change.wasLive() && previous != null && !now.edgesDifferFrom(previous)) {
      return;
    }
    if (hadEdges) {
      edges.end(change.ref(), seq, change.run());
    }
    edges.start(change.ref(), now.edges(), seq, change.run());
  }
}
