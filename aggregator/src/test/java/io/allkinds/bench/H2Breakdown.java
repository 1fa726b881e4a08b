package io.allkinds.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Locale;
import org.h2.engine.SessionLocal;
import org.h2.index.Index;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.db.MVDelegateIndex;
import org.h2.schema.Schema;
import org.h2.table.Table;

/**
 * What takes the space in an H2 file: opens a copy of it and prints, per table and per index, the
 * bytes its B-tree's pages take on disk (H2's own {@code Index.getDiskSpaceUsed}, what {@code
 * DISK_SPACE_USED} sums; a primary key that lives in its table's map is counted once), in KB per
 * stored object, beside the file's size and fill rates.
 */
final class H2Breakdown {

  private H2Breakdown() {}

  /** Prints the breakdown of {@code copy} (an {@code .mv.db} file not open elsewhere). */
  static void print(Path copy, long objects) throws Exception {
    String base = copy.toString().replaceFirst("\\.mv\\.db$", "");
    long file = Files.size(copy);
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + base + "")) {
      SessionLocal session = (SessionLocal) c.unwrap(JdbcConnection.class).getSession();
      MVStore store = session.getDatabase().getStore().getMvStore();
      System.out.printf(
          Locale.ROOT,
          "H2 file (copy): %d bytes = %.2f KB/object; fill rate %d%%, chunks fill rate %d%%%n",
          file,
          file / 1024.0 / objects,
          store.getFillRate(),
          store.getFileStore().getChunksFillRate());
      long sum = 0;
      for (Schema schema : session.getDatabase().getAllSchemasNoMeta()) {
        for (Table table : schema.getAllTablesAndViews(session)) {
          if (!table.isPersistData() || table.getIndexes() == null) {
            continue;
          }
          for (Index index : table.getIndexes()) {
            if (index instanceof MVDelegateIndex) {
              continue; // a primary key kept in the table's own map: counted with the table
            }
            long bytes = index.getDiskSpaceUsed(false);
            sum += bytes;
            if (bytes > 0) {
              System.out.printf(
                  Locale.ROOT,
                  "  %-16s %-28s %12d bytes  %6.3f KB/object  (%d rows)%n",
                  table.getName(),
                  index.getName(),
                  bytes,
                  bytes / 1024.0 / objects,
                  index.getRowCountApproximation(session));
            }
          }
        }
      }
      System.out.printf(
          Locale.ROOT,
          "  sum of tables and indexes: %d bytes = %.2f KB/object (%.0f%% of the file)%n",
          sum,
          sum / 1024.0 / objects,
          sum * 100.0 / file);
    }
  }
}
