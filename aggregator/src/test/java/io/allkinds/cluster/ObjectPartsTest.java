package io.allkinds.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hashes stored digests hold must never change between versions: the text hash is FNV-1a over
 * the UTF-8 bytes whether a string is ASCII or not.
 */
class ObjectPartsTest {

  @Test
  void textIsHashedAsItsUtf8Bytes() {
    for (String s : List.of("", "web-1", "café", "名前", "a😀b", "ascii then é")) {
      assertEquals(reference(s), ObjectParts.text(0xcbf29ce484222325L, s), s);
    }
    assertNotEquals(
        ObjectParts.text(0xcbf29ce484222325L, "café"),
        ObjectParts.text(0xcbf29ce484222325L, "cafe"));
  }

  private static long reference(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return (h ^ 0) * 0x100000001b3L;
  }
}
