package io.allkinds.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.IntStream;

/** Assertions on the store's files themselves. */
public final class StoreFiles {

  private StoreFiles() {}

  /** Fails when any file of {@code dir} holds {@code value}, as it is or in base64. */
  public static void assertNotInFiles(Path dir, String value) throws Exception {
    byte[] plain = value.getBytes(StandardCharsets.UTF_8);
    byte[] b64 = Base64.getEncoder().encode(plain);
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        byte[] content = Files.readAllBytes(f);
        assertFalse(contains(content, plain), f + " holds " + value);
        assertFalse(contains(content, b64), f + " holds " + value + " in base64");
      }
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    return IntStream.rangeClosed(0, haystack.length - needle.length)
        .anyMatch(
            i -> IntStream.range(0, needle.length).allMatch(j -> haystack[i + j] == needle[j]));
  }
}
