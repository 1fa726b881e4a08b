package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.allkinds.config.StoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The URL the store's pools open: H2's own background compaction is off for embedded files. */
class DatabaseUrlTest {

  @TempDir Path dir;

  @Test
  void embeddedH2FilesOpenWithoutH2sBackgroundCompaction() {
    assertEquals(
        "jdbc:h2:file:/data/a;AUTO_COMPACT_FILL_RATE=0", Database.jdbcUrl("jdbc:h2:file:/data/a"));
    assertEquals(
        "jdbc:h2:file:/data/a;auto_compact_fill_rate=50",
        Database.jdbcUrl("jdbc:h2:file:/data/a;auto_compact_fill_rate=50"),
        "a setting of the user's stays");
    assertEquals("jdbc:h2:mem:a", Database.jdbcUrl("jdbc:h2:mem:a"));
    assertEquals(
        "jdbc:postgresql://db/allkinds", Database.jdbcUrl("jdbc:postgresql://db/allkinds"));
  }

  @Test
  void anOpenedStoreHasItOff() throws Exception {
    Database db = Database.open(new StoreConfig("jdbc:h2:file:" + dir.resolve("s"), null, null));
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                    + " WHERE SETTING_NAME = 'AUTO_COMPACT_FILL_RATE'")) {
      assertEquals(true, rs.next(), "H2 lists the setting");
      assertEquals("0", rs.getString(1));
    } finally {
      db.close();
    }
  }
}
