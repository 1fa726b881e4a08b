package io.allkinds.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code retention.maxBytes}: plain bytes or KiB/MiB/GiB/TiB, and clear errors otherwise. */
class RetentionConfigTest {

  private static final String ONE = "clusters:\n  - {name: a, kubeconfig: a.yaml}\n";

  @TempDir Path dir;

  private RetentionConfig retention(String maxBytes) throws Exception {
    Path file = dir.resolve("allkinds.yaml");
    Files.writeString(file, ONE + "retention:\n  maxBytes: " + maxBytes + "\n");
    return new ConfigLoader(Map.of()).load(file).retention();
  }

  private String error(String maxBytes) {
    return assertThrows(ConfigException.class, () -> retention(maxBytes)).getMessage();
  }

  @Test
  void noBudgetByDefault() throws Exception {
    Path file = dir.resolve("allkinds.yaml");
    Files.writeString(file, ONE);
    assertEquals(0, new ConfigLoader(Map.of()).load(file).retention().maxBytes());
    assertEquals(0, RetentionConfig.defaults().maxBytes());
    assertEquals(0, retention("0").maxBytes(), "0 means no limit");
  }

  @Test
  void readsBytesAndBinarySuffixes() throws Exception {
    assertEquals(5_000_000, retention("5000000").maxBytes());
    assertEquals(5_000_000, retention("'5000000'").maxBytes());
    assertEquals(64L << 10 << 10, retention("64MiB").maxBytes());
    assertEquals(2L << 30, retention("2GiB").maxBytes());
    assertEquals(2L << 30, retention("2 GiB").maxBytes());
    assertEquals(1L << 40, retention("1TiB").maxBytes());
    assertEquals(2048L << 10, retention("2048KiB").maxBytes());
  }

  @Test
  void badValuesNameTheKeyAndWhatIsExpected() {
    for (String bad :
        new String[] {
          "2GB", "2 gigabytes", "-1", "1.5GiB", "GiB", "true", "[1]", "99999999999TiB", "1000"
        }) {
      String e = error(bad);
      assertTrue(e.contains("allkinds.yaml"), e);
      assertTrue(e.contains("retention.maxBytes"), e);
      assertTrue(e.contains("KiB, MiB, GiB or TiB") && e.contains("at least 1048576 bytes"), e);
    }
  }
}
