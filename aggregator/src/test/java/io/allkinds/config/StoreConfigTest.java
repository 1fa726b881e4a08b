package io.allkinds.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class StoreConfigTest {

  @Test
  void passwordsInJdbcUrlsAreMasked() {
    assertEquals(
        "jdbc:postgresql://db:5432/allkinds?user=ak&password=***&ssl=true",
        StoreConfig.safe("jdbc:postgresql://db:5432/allkinds?user=ak&password=hunter2&ssl=true"));
    assertEquals(
        "jdbc:postgresql://ak:***@db:5432/allkinds",
        StoreConfig.safe("jdbc:postgresql://ak:hunter2@db:5432/allkinds"));
    assertEquals(
        "jdbc:h2:file:./data/allkinds;PASSWORD=***",
        StoreConfig.safe("jdbc:h2:file:./data/allkinds;PASSWORD=hunter2"));
    assertEquals("jdbc:h2:file:./data/allkinds", StoreConfig.safe("jdbc:h2:file:./data/allkinds"));
    assertEquals(
        "jdbc:postgresql://db:5432/allkinds",
        StoreConfig.safe("jdbc:postgresql://db:5432/allkinds"));
  }

  @Test
  void theRecordNeverPrintsThePassword() {
    String text =
        new StoreConfig("jdbc:postgresql://db/a?password=hunter2", "ak", "hunter3").toString();
    assertFalse(text.contains("hunter2"), text);
    assertFalse(text.contains("hunter3"), text);
  }
}
