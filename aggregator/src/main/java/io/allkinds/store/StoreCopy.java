package io.allkinds.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Copies a whole store (latest state, journal, type and cluster status with their resume points)
 * into an empty one of the same schema version, e.g. from the embedded H2 file to PostgreSQL. Rows
 * stream in primary-key order and are inserted in JDBC batches; leases and replica rows are not
 * copied (they belong to running processes).
 */
public final class StoreCopy {

  private static final List<String> TABLES =
      List.of(
          "clusters",
          "resource_types",
          "objects",
          "object_labels",
          "journal",
          "object_edge_sets",
          "object_edge_targets");
  private static final int BATCH = 1000;
  private static final int COMMIT_EVERY = 20_000;

  private final DataSource from;
  private final DataSource to;
  private final Consumer<String> progress;

  public StoreCopy(DataSource from, DataSource to, Consumer<String> progress) {
    this.from = from;
    this.to = to;
    this.progress = progress;
  }

  /** Copies every table; refuses a target that already holds objects or journal entries. */
  public void run() throws SQLException {
    try (Connection src = from.getConnection();
        Connection dst = to.getConnection()) {
      for (String table : TABLES) {
        if (count(dst, table) > 0) {
          throw new StoreException(
              "the target store is not empty (table "
                  + table
                  + " has rows): copy into a new"
                  + " database",
              null);
        }
      }
      src.setAutoCommit(false); // PostgreSQL streams a result set only inside a transaction
      src.setReadOnly(true);
      dst.setAutoCommit(false);
      for (String table : TABLES) {
        long total = count(src, table);
        long copied = copyTable(src, dst, table, total);
        progress.accept(table + ": " + copied + " rows");
      }
      if (GramRows.kept(dst)) { // H2's q= index is not copied but cut from the copied texts
        progress.accept("object_grams: " + SearchIndexer.catchUp(dst) + " objects indexed");
      }
      JournalHead head = JournalHead.read(src);
      JournalHead.advance(dst, head.nextSeq(), head.lastObservedAt());
      dst.commit();
      src.commit();
    }
  }

  private long copyTable(Connection src, Connection dst, String table, long total)
      throws SQLException {
    long copied = 0;
    try (Statement st = src.createStatement()) {
      st.setFetchSize(BATCH);
      try (ResultSet rs = st.executeQuery("SELECT * FROM " + table + " ORDER BY 1, 2")) {
        ResultSetMetaData meta = rs.getMetaData();
        int n = meta.getColumnCount();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          columns.add(meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT));
        }
        String insert =
            "INSERT INTO "
                + table
                + " ("
                + String.join(", ", columns)
                + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(n, "?"))
                + ")";
        try (PreparedStatement ps = dst.prepareStatement(insert)) {
          while (rs.next()) {
            for (int i = 1; i <= n; i++) {
              ps.setObject(i, rs.getObject(i));
            }
            ps.addBatch();
            copied++;
            if (copied % BATCH == 0) {
              ps.executeBatch();
            }
            if (copied % COMMIT_EVERY == 0) {
              dst.commit();
              progress.accept(table + ": " + copied + " of " + total + " rows");
            }
          }
          ps.executeBatch();
        }
      }
    }
    return copied;
  }

  private static long count(Connection c, String table) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
