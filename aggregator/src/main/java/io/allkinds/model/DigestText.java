package io.allkinds.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A digest's stored form before format 2 ({@link DigestBytes}), still read from rows not written
 * since: lines of text, {@code d1}, then the parts ({@code path=hash}, tab-separated, each hash in
 * 11 characters of base64url), the managers ({@code manager|operation|subresource|time|fields}),
 * the tool that applied it and the edges' hash in hex; delimiters percent-encoded ({@link
 * StoredText}).
 */
final class DigestText {

  private static final String FORMAT = "d1";
  private static final String BASE64URL =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  private DigestText() {}

  /** The digest a text in this form holds; null for a text in another form. */
  static ObjectDigest decode(String stored) {
    if (!stored.startsWith(FORMAT + "\n")) {
      return null;
    }
    String[] lines = stored.split("\n", -1);
    if (lines.length != 5) {
      return null;
    }
    Map<String, Long> parts = new LinkedHashMap<>();
    for (String part : lines[1].split("\t", -1)) {
      int eq = part.lastIndexOf('=');
      if (eq > 0) {
        parts.put(StoredText.unescape(part.substring(0, eq)), hash(part.substring(eq + 1)));
      }
    }
    List<FieldManager> managers = new ArrayList<>();
    for (String m : lines[2].split("\t", -1)) {
      String[] f = m.split("\\|", -1);
      if (f.length >= 4) {
        managers.add(
            new FieldManager(
                StoredText.unescape(f[0]),
                StoredText.unescape(f[1]),
                StoredText.unescape(f[2]),
                StoredText.unescape(f[3]),
                f.length > 4 ? StoredText.unescape(f[4]) : ""));
      }
    }
    String appliedBy = lines[3].isEmpty() ? null : StoredText.unescape(lines[3]);
    return ObjectDigest.stored(
        parts, managers, appliedBy, Long.parseUnsignedLong(lines[4], 16), null);
  }

  /** A hash written as the 11 characters of unpadded base64url of its 8 big-endian bytes. */
  static long hash(String text) {
    long value = 0;
    for (int i = 0; i < 10; i++) {
      value = (value << 6) | BASE64URL.indexOf(text.charAt(i));
    }
    return (value << 4) | (BASE64URL.indexOf(text.charAt(10)) >>> 2);
  }
}
