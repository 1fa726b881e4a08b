package io.allkinds.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The text forms the store keeps small lists in: items between commas, with a comma before the
 * first and after the last ({@code ,a,b,}) so that one item is found with {@code LIKE '%,a,%'}, and
 * the characters that delimit ({@code % , | = TAB LF}) percent-encoded inside an item.
 */
public final class StoredText {

  private static final String SPECIAL = "%,|=\t\n";

  /** Bit {@code c} set for each character {@code c} of {@link #SPECIAL} below 64. */
  private static final long SPECIAL_BELOW_64 =
      SPECIAL.chars().filter(c -> c < 64).mapToLong(c -> 1L << c).reduce(0, (a, b) -> a | b);

  private StoredText() {}

  /** {@code value} with its delimiting characters percent-encoded. */
  public static String escape(String value) {
    StringBuilder out = null;
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (isSpecial(ch)) {
        if (out == null) {
          out = new StringBuilder(value.length() + 8).append(value, 0, i);
        }
        out.append('%').append(Character.toUpperCase(Character.forDigit(ch >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(ch & 0xF, 16)));
      } else if (out != null) {
        out.append(ch);
      }
    }
    return out == null ? value : out.toString();
  }

  /**
   * Whether {@code ch} is one of {@link #SPECIAL}: every character of every digest passes here, so
   * it is a bit test ({@code |} is the only one above 63).
   */
  private static boolean isSpecial(char ch) {
    return ch < 64 ? (SPECIAL_BELOW_64 >>> ch & 1) != 0 : ch == '|';
  }

  /** The value {@link #escape} encoded. */
  public static String unescape(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (ch == '%' && i + 2 < value.length()) {
        out.append((char) Integer.parseInt(value.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }

  /** {@code ,a,b,} for items already escaped; {@code ""} for none. */
  public static String delimited(List<String> escapedItems) {
    return escapedItems.isEmpty() ? "" : "," + String.join(",", escapedItems) + ",";
  }

  /** The escaped items of a {@link #delimited} text (null for null). */
  public static List<String> items(String delimited) {
    if (delimited == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    int start = delimited.startsWith(",") ? 1 : 0;
    while (start < delimited.length()) {
      int end = delimited.indexOf(',', start);
      if (end < 0) {
        end = delimited.length();
      }
      if (end > start) {
        out.add(delimited.substring(start, end));
      }
      start = end + 1;
    }
    return out;
  }
}
