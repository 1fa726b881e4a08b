package io.allkinds.store;

import java.util.Arrays;
import java.util.Locale;

/**
 * The trigrams of a search text, as the keys of H2's {@code object_grams} index: {@code (gram code)
 * << 40 | search id}, where a gram code is a 23-bit hash (1 and up) of three consecutive code
 * points. A hash collision only adds candidates, which the LIKE on {@code search_text} then drops.
 *
 * <p>The grams of the first {@link #MAX_CODE_POINTS} code points of a text are indexed; a longer
 * text also gets the {@link #OVERFLOW} code, and every object that has it is a candidate of every
 * search, so a search never misses text past the cap.
 */
final class SearchGrams {

  /** How many leading code points of a search text are cut into grams. */
  static final int MAX_CODE_POINTS = 4096;

  /** The code of "this text is longer than the cap": its object is a candidate of every search. */
  static final int OVERFLOW = 0;

  static final int ID_BITS = 40;

  /** The largest search id the index can hold (about 10^12 changes). */
  static final long MAX_ID = (1L << ID_BITS) - 1;

  private static final int CODE_BITS = 23;
  private static final int CODES = 1 << CODE_BITS;

  private SearchGrams() {}

  /**
   * The distinct gram codes of a (lower-cased) search text, plus {@link #OVERFLOW} past the cap.
   */
  static int[] codes(String text) {
    if (text == null) {
      return new int[0];
    }
    int[] cps = text.codePoints().limit(MAX_CODE_POINTS + 1L).toArray();
    boolean overflow = cps.length > MAX_CODE_POINTS;
    int n = Math.min(cps.length, MAX_CODE_POINTS);
    int[] codes = new int[Math.max(0, n - 2) + (overflow ? 1 : 0)];
    int k = 0;
    for (int i = 0; i + 2 < n; i++) {
      codes[k++] = code(cps[i], cps[i + 1], cps[i + 2]);
    }
    if (overflow) {
      codes[k] = OVERFLOW;
    }
    return Arrays.stream(codes).distinct().toArray();
  }

  /**
   * The distinct gram codes a search for {@code q} needs (each object containing {@code q} has them
   * all), or null when {@code q} is too short to have a gram (under 3 code points) or holds a lone
   * surrogate (which a stored text cannot hold): then only a scan answers.
   */
  static int[] queryCodes(String q) {
    String t = q.toLowerCase(Locale.ROOT);
    for (int i = 0; i < t.length(); i++) {
      char ch = t.charAt(i);
      if (Character.isHighSurrogate(ch)
          && (i + 1 == t.length() || !Character.isLowSurrogate(t.charAt(i + 1)))) {
        return null;
      }
      if (Character.isLowSurrogate(ch) && (i == 0 || !Character.isHighSurrogate(t.charAt(i - 1)))) {
        return null;
      }
    }
    int[] cps = t.codePoints().toArray();
    if (cps.length < 3) {
      return null;
    }
    int[] codes = new int[cps.length - 2];
    for (int i = 0; i + 2 < cps.length; i++) {
      codes[i] = code(cps[i], cps[i + 1], cps[i + 2]);
    }
    return Arrays.stream(codes).distinct().toArray();
  }

  /** The index key of one gram code of one search id. */
  static long key(int code, long id) {
    if (id < 0 || id > MAX_ID) {
      throw new IllegalArgumentException("search id " + id + " is outside 0.." + MAX_ID);
    }
    return ((long) code << ID_BITS) | id;
  }

  /** The lowest key of a gram code (with {@link #MAX_ID}'s key the highest). */
  static long first(int code) {
    return key(code, 0);
  }

  /** The highest key of a gram code. */
  static long last(int code) {
    return key(code, MAX_ID);
  }

  /** The search id of an index key. */
  static long id(long key) {
    return key & MAX_ID;
  }

  /** A hash of three code points into 1 .. 2^23-1 (0 is {@link #OVERFLOW}). */
  static int code(int a, int b, int c) {
    long h = ((long) a << 42) ^ ((long) b << 21) ^ c;
    h *= 0x9E3779B97F4A7C15L;
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    int code = (int) (h >>> (64 - CODE_BITS));
    return code == OVERFLOW ? CODES - 1 : code;
  }
}
