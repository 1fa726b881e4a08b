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

  private static final String HEX = "0123456789ABCDEF";

  /** Bit {@code c} set for each character {@code c} of {@link #SPECIAL} below 64. */
  private static final long SPECIAL_BELOW_64 =
      SPECIAL.chars().filter(c -> c < 64).mapToLong(c -> 1L << c).reduce(0, (a, b) -> a | b);

  private StoredText() {}

  /** {@code value} with its delimiting characters percent-encoded. */
  public static String escape(String value) {
    int first = firstSpecial(value);
    return first < 0
        ? value
        : escapeFrom(new StringBuilder(value.length() + 8), value, first).toString();
  }

  /**
   * Appends {@code value} to {@code out} with its delimiting characters percent-encoded, as {@link
   * #escape} would make it, without a string of its own: the writer's thread escapes every edge and
   * actor it stores.
   */
  public static StringBuilder escapeTo(StringBuilder out, String value) {
    int first = firstSpecial(value);
    return first < 0 ? out.append(value) : escapeFrom(out, value, first);
  }

  private static int firstSpecial(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (isSpecial(value.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static StringBuilder escapeFrom(StringBuilder out, String value, int first) {
    out.append(value, 0, first);
    for (int i = first; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (isSpecial(ch)) {
        out.append('%').append(HEX.charAt(ch >> 4)).append(HEX.charAt(ch & 0xF));
      } else {
        out.append(ch);
      }
    }
    return out;
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

  /**
   * Builds the delimited text, the one place its form is written: item by item, each item's fields
   * escaped and joined by {@code |} ({@code ,kubelet|Update|status,}), in one buffer (the writer's
   * thread makes one for every journal entry).
   */
  public static final class Delimited {

    private final StringBuilder out = new StringBuilder(64);
    private boolean done;

    /** Starts the next item with its first field, escaped. */
    public Delimited item(String field) {
      open();
      escapeTo(out.append(','), field);
      return this;
    }

    /** Adds a field, escaped, to the item started last, after a {@code |}. */
    public Delimited field(String field) {
      open();
      if (out.isEmpty()) {
        throw new IllegalStateException("a field before the first item");
      }
      escapeTo(out.append('|'), field);
      return this;
    }

    /** The text: {@code ,a|b,c|d,}; {@code ""} for no items. No item can be added after. */
    public String text() {
      if (!done && !out.isEmpty()) {
        out.append(',');
      }
      done = true;
      return out.toString();
    }

    private void open() {
      if (done) {
        throw new IllegalStateException("the text is made");
      }
    }
  }

  /** The escaped items of a {@link Delimited} text (null for null). */
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
