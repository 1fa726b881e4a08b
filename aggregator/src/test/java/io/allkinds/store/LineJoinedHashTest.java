package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The joined texts' hash, worked out from the parts', is the String hash of the joined text. */
class LineJoinedHashTest {

  @Test
  void isTheHashOfTheJoinedText() {
    assertEquals(0, LineJoinedHash.of());
    assertEquals("".hashCode(), LineJoinedHash.of(""));
    assertEquals("\n".hashCode(), LineJoinedHash.of("", ""));
    assertEquals("c1\nteam-000".hashCode(), LineJoinedHash.of("c1", "team-000"));
    Random random = new Random(18);
    for (int i = 0; i < 20_000; i++) {
      String[] parts = new String[1 + random.nextInt(5)];
      for (int p = 0; p < parts.length; p++) {
        parts[p] = text(random);
      }
      assertEquals(
          String.join("\n", parts).hashCode(),
          LineJoinedHash.of(parts),
          () -> String.join("|", parts));
    }
  }

  /** Empty, short or long (thousands of characters), ASCII or any UTF-16 unit. */
  static String text(Random random) {
    int length = random.nextInt(8) == 0 ? random.nextInt(3_000) : random.nextInt(40);
    StringBuilder out = new StringBuilder(length);
    boolean wide = random.nextInt(4) == 0;
    for (int i = 0; i < length; i++) {
      out.append(wide ? (char) random.nextInt(0x10000) : (char) (' ' + random.nextInt(95)));
    }
    return out.toString();
  }
}
