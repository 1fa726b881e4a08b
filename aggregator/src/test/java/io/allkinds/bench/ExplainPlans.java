package io.allkinds.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Where a diff page's time goes on H2: {@code EXPLAIN ANALYZE} of the statement that picks a page's
 * objects (each entry of the window's first slice that is its object's last in the window, found by
 * a probe of the per-object index) and of one object's entries in the window, printed with their
 * index choices, scan counts, page reads and time.
 */
final class ExplainPlans {

  private static final String SAME_OBJECT =
      "l.cluster = j.cluster AND l.api_group = j.api_group AND l.resource = j.resource"
          + " AND l.namespace = j.namespace AND l.name = j.name";

  private ExplainPlans() {}

  /** The diff page statement for the window ({@code fromSeq}, {@code toSeq}], default limit. */
  static String diffPage(long fromSeq, long toSeq, String cluster) {
    return "SELECT j.seq, j.cluster, j.api_group, j.version, j.resource, j.kind, j.namespace,"
        + " j.name FROM journal j WHERE j.seq > "
        + fromSeq
        + " AND j.seq <= "
        + Math.min(toSeq, fromSeq + 5_000)
        + (cluster == null ? "" : " AND CONCAT(j.cluster, '') IN ('" + cluster + "')")
        + " AND NOT EXISTS (SELECT 1 FROM journal l WHERE "
        + SAME_OBJECT
        + " AND l.seq > j.seq AND l.seq <= "
        + toSeq
        + ") ORDER BY j.seq FETCH FIRST 100 ROWS ONLY";
  }

  static void print(DataSource ds, long fromSeq, long toSeq) throws SQLException {
    System.out.printf(
        Locale.ROOT, "%n--- H2 plans of a diff page, window seq (%d, %d] ---%n", fromSeq, toSeq);
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      String object = null;
      for (String cluster : new String[] {null, ExplainFleet.cluster(7)}) {
        String sql = diffPage(fromSeq, toSeq, cluster);
        for (int run = 0; run < 2; run++) {
          long t0 = System.nanoTime();
          try (ResultSet rs = st.executeQuery("EXPLAIN ANALYZE " + sql)) {
            rs.next();
            System.out.printf(
                Locale.ROOT,
                "%s%n%s%n(%.1f ms, %s)%n",
                run == 0 ? sql : "the same again",
                run == 0 ? rs.getString(1) : "",
                (System.nanoTime() - t0) / 1e6,
                run == 0 ? "first run" : "second run: its pages cached");
          }
        }
        if (object == null) {
          try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            object =
                "cluster = '"
                    + rs.getString(2)
                    + "' AND api_group = '"
                    + rs.getString(3)
                    + "' AND resource = '"
                    + rs.getString(5)
                    + "' AND namespace = '"
                    + rs.getString(7)
                    + "' AND name = '"
                    + rs.getString(8)
                    + "'";
          }
        }
      }
      String entries =
          "SELECT seq, uid, event_type, observed_at, changed_paths, actors, applied_by FROM"
              + " journal WHERE "
              + object
              + " AND seq > "
              + fromSeq
              + " AND seq <= "
              + toSeq
              + " ORDER BY seq";
      long t0 = System.nanoTime();
      try (ResultSet rs = st.executeQuery("EXPLAIN ANALYZE " + entries)) {
        rs.next();
        System.out.printf(
            Locale.ROOT,
            "%s%n%s%n(%.1f ms)%n",
            entries,
            rs.getString(1),
            (System.nanoTime() - t0) / 1e6);
      }
    }
  }
}
