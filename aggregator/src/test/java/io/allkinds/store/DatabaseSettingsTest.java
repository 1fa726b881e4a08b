package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.allkinds.config.StoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An embedded H2 file is opened with the short chunk retention the store relies on. */
class DatabaseSettingsTest {

  @TempDir Path dir;

  @Test
  void anEmbeddedH2FileKeepsNoChunksItNoLongerNeedsForLong() throws Exception {
    try (Database db =
            Database.open(new StoreConfig("jdbc:h2:file:" + dir.resolve("s"), null, null));
        Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                    + " WHERE SETTING_NAME = 'RETENTION_TIME'")) {
      rs.next();
      assertEquals(String.valueOf(Database.H2_RETENTION_MS), rs.getString(1));
    }
  }
}
