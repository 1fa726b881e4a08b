package io.allkinds.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size in bytes as users write it: a whole number of bytes, or one followed by {@code KiB},
 * {@code MiB}, {@code GiB} or {@code TiB} (powers of 1024), e.g. {@code 2GiB}.
 */
final class ByteSize {

  /** What a size looks like, for error messages. */
  static final String EXPECTED =
      "a size in bytes: a whole number, optionally followed by KiB, MiB, GiB or TiB (e.g. 2GiB)";

  private static final Pattern SIZE = Pattern.compile("\\s*(\\d{1,19})\\s*([KMGT]iB)?\\s*");

  private ByteSize() {}

  /** The number of bytes {@code text} stands for, or -1 when it is not a size (or overflows). */
  static long parse(String text) {
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      return -1;
    }
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      return -1;
    }
    int shift =
        m.group(2) == null
            ? 0
            : switch (m.group(2).toUpperCase(Locale.ROOT)) {
              case "KIB" -> 10;
              case "MIB" -> 20;
              case "GIB" -> 30;
              default -> 40;
            };
    if (n > (Long.MAX_VALUE >> shift)) {
      return -1;
    }
    return n << shift;
  }
}
