package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.config.StoreConfig;
import io.allkinds.model.DeadLetter;
import io.allkinds.model.EventType;
import io.allkinds.model.SinkCursor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a sink's deliverer and the API stored is in the H2 file when the call returns: a crash right
 * after (H2 closed without writing anything more, as {@code SHUTDOWN IMMEDIATELY} does) loses none
 * of it, so a restarted aggregator resends nothing the cursor had passed.
 */
class SinkStateDurabilityTest {

  /** H2's DATABASE_CALLED_AT_SHUTDOWN: what the connection that shut it down is told. */
  private static final int DATABASE_CLOSED = 90121;

  @TempDir Path dir;

  private Database db;

  @BeforeEach
  void open() {
    db = reopen();
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void aCursorMoveAndAReplayRequestSurviveACrash() throws Exception {
    SinkCursors cursors = new SinkCursors(db.sinkDataSource(), null);
    cursors.ensure(List.of("audit", "archive"));
    long start = cursors.read("audit").deliveredSeq();
    assertTrue(cursors.advance("audit", start, start + 715, 715, true), "the move");
    assertTrue(cursors.requestReplay("archive", 3), "the replay request");

    crashAndReopen();

    SinkCursors after = new SinkCursors(db.sinkDataSource(), null);
    SinkCursor audit = after.read("audit");
    assertEquals(start + 715, audit.deliveredSeq(), "the cursor the API reported before the crash");
    assertEquals(715, audit.delivered());
    assertEquals(3L, after.read("archive").replayFrom(), "the replay the API accepted");
  }

  @Test
  void deadLettersAndTheMovePastThemSurviveACrash() throws Exception {
    SinkCursors cursors = new SinkCursors(db.sinkDataSource(), null);
    SinkDeadLetters letters = new SinkDeadLetters(db.sinkDataSource(), cursors);
    cursors.ensure(List.of("audit"));
    long start = cursors.read("audit").deliveredSeq();
    DeadLetter refused =
        new DeadLetter(
            start + 2,
            "alpha",
            "",
            "ConfigMap",
            "default",
            "cm",
            EventType.MODIFIED,
            Instant.now(),
            5,
            400,
            "bad request",
            false);
    byte[] event = "{\"id\":\"2\"}".getBytes(StandardCharsets.UTF_8);
    assertTrue(
        letters.store(
            "audit", List.of(new SinkDeadLetters.Refused(refused, event)), start, start + 2, 1));

    crashAndReopen();

    SinkCursors after = new SinkCursors(db.sinkDataSource(), null);
    assertEquals(start + 2, after.read("audit").deliveredSeq());
    assertEquals(1, after.read("audit").deadLettered());
    List<DeadLetter> stored = new SinkDeadLetters(db.sinkDataSource(), after).list("audit", 0, 10);
    assertEquals(1, stored.size(), "the dead letter");
    assertEquals(start + 2, stored.get(0).seq());
  }

  /** Closes H2 as a crash would, writing nothing it had not written yet, and opens it again. */
  private void crashAndReopen() throws Exception {
    try (Connection c = db.controlDataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute("SHUTDOWN IMMEDIATELY");
    } catch (SQLException e) {
      if (e.getErrorCode() != DATABASE_CLOSED) {
        throw e; // the statement closes the database under its own connection, which says so
      }
    }
    db.close();
    db = reopen();
  }

  private Database reopen() {
    return Database.open(new StoreConfig("jdbc:h2:file:" + dir.resolve("store"), null, null));
  }
}
