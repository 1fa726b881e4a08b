package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.config.StoreConfig;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.model.SyncState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconcile that turns a relist into journal entries, one batch per list on a real H2 file:
 * objects stored before and missing from the relist become DELETED entries, unchanged ones write
 * nothing, changed ones are journaled.
 */
class RelistReconcileTest {

  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);

  @TempDir Path dir;

  private final BodyCodec codec = new BodyCodec();
  private final FreshLists freshLists = new FreshLists();
  private Database db;
  private long nextSeq = 1;

  @BeforeEach
  void open() {
    db = Database.open(new StoreConfig("jdbc:h2:file:" + dir.resolve("store"), null, null));
  }

  @AfterEach
  void close() {
    db.close();
  }

  private ObservedObject obj(String name, String rv) {
    String json = "{\"metadata\":{\"name\":\"" + name + "\",\"resourceVersion\":\"" + rv + "\"}}";
    return new ObservedObject(
        "ns",
        name,
        "uid-" + name,
        rv,
        Map.of("app", name),
        Instant.parse("2026-01-01T00:00:00Z"),
        codec.encode(json.getBytes(StandardCharsets.UTF_8)));
  }

  /** Applies one list of {@code generation} as one committed batch, through the reconcile. */
  private void relist(long generation, String resourceVersion, ObservedObject... objects)
      throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      BatchStatements statements = new BatchStatements(c);
      JournalStamps stamps = new JournalStamps(nextSeq, Instant.now());
      BatchFigures figures = new BatchFigures(stamps.batchTime());
      ObjectJournal journal =
          new ObjectJournal(
              statements, stamps, figures, new GramRows(statements, GramRows.kept(c)));
      StatusWriter status = new StatusWriter(statements);
      RelistReconcile reconcile =
          new RelistReconcile(statements, journal, status, figures, freshLists, stamps);
      status.typeStatus(new StoreOp.TypeStatus("c", CM, SyncState.LISTING, null));
      for (ObservedObject o : objects) {
        reconcile.listed(new StoreOp.Listed("c", CM, generation, o));
      }
      statements.flush();
      reconcile.listDone(
          new StoreOp.ListDone("c", CM, generation, resourceVersion, objects.length));
      figures.write(statements);
      statements.close();
      c.commit();
      nextSeq = stamps.nextSeq();
    }
  }

  private List<String> journal() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT seq, event_type, name, resource_version FROM journal ORDER BY seq");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3) + "@" + rs.getString(4));
      }
    }
    return out;
  }

  private String typeRow() throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT objects, resource_version, list_generation FROM resource_types");
        ResultSet rs = ps.executeQuery()) {
      assertTrue(rs.next());
      return rs.getLong(1) + " objects, resume at " + rs.getString(2) + ", list " + rs.getLong(3);
    }
  }

  @Test
  void objectsMissingFromARelistBecomeDeletedEntriesAndUnchangedOnesWriteNothing()
      throws Exception {
    relist(1, "10", obj("keep", "1"), obj("change", "2"), obj("vanish", "3"));
    assertEquals(List.of("1 ADDED keep@1", "2 ADDED change@2", "3 ADDED vanish@3"), journal());
    assertEquals("3 objects, resume at 10, list 1", typeRow());

    relist(2, "20", obj("keep", "1"), obj("change", "7"));

    assertEquals(
        List.of(
            "1 ADDED keep@1",
            "2 ADDED change@2",
            "3 ADDED vanish@3",
            "4 MODIFIED change@7",
            "5 DELETED vanish@3"),
        journal(),
        "the unchanged object writes nothing; the vanished one is deleted at its stored version");
    assertEquals("2 objects, resume at 20, list 2", typeRow());
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT name, deleted, list_generation, seq FROM objects ORDER BY name");
        ResultSet rs = ps.executeQuery()) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(
            rs.getString(1)
                + " deleted="
                + rs.getBoolean(2)
                + " list="
                + rs.getLong(3)
                + " seq="
                + rs.getLong(4));
      }
      assertEquals(
          List.of(
              "change deleted=false list=2 seq=4",
              "keep deleted=false list=2 seq=1",
              "vanish deleted=true list=1 seq=5"),
          rows,
          "the unchanged object is only marked seen by the new list");
    }
  }

  @Test
  void aRelistThatSeesNothingDeletesMoreObjectsThanOneSweepTakes() throws Exception {
    ObservedObject[] many = new ObservedObject[501];
    for (int i = 0; i < many.length; i++) {
      many[i] = obj(String.format("o%04d", i), "1");
    }
    relist(1, "10", many);
    assertEquals("501 objects, resume at 10, list 1", typeRow());

    relist(2, "20");

    List<String> deleted = journal().stream().skip(501).toList();
    assertEquals(501, deleted.size());
    assertTrue(deleted.stream().allMatch(e -> e.contains(" DELETED ")), deleted.toString());
    assertEquals("0 objects, resume at 20, list 2", typeRow());
  }

  @Test
  void onlyTheFirstListOfATypeWithNothingStoredSkipsTheLookups() throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      BatchStatements statements = new BatchStatements(c);
      JournalStamps stamps = new JournalStamps(1, Instant.now());
      BatchFigures figures = new BatchFigures(stamps.batchTime());
      ObjectJournal journal =
          new ObjectJournal(
              statements, stamps, figures, new GramRows(statements, GramRows.kept(c)));
      RelistReconcile reconcile =
          new RelistReconcile(
              statements, journal, new StatusWriter(statements), figures, freshLists, stamps);
      reconcile.listed(new StoreOp.Listed("c", CM, 1, obj("a", "1")));
      assertEquals(true, freshLists.get("c", CM, 1), "nothing stored: a fresh list");
      reconcile.listDone(new StoreOp.ListDone("c", CM, 1, "5", 1));
      assertNull(freshLists.get("c", CM, 1), "a finished list is forgotten");
      reconcile.listed(new StoreOp.Listed("c", CM, 2, obj("a", "1")));
      assertEquals(false, freshLists.get("c", CM, 2), "rows of an older list: not fresh");
      statements.close();
      c.rollback();
    }
  }
}
