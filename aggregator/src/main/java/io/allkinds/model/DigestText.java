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
public final class DigestText {

  private static final String FORMAT = "d1";
  private static final String BASE64URL =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  private DigestText() {}

  /**
   * The text form of {@code digest}, as writers before format 2 stored it (tests make such rows
   * with it).
   */
  public static String encode(ObjectDigest digest) {
    StringBuilder out = new StringBuilder(512);
    out.append(FORMAT).append('\n');
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(digest.parts().entrySet());
    sorted.sort(Map.Entry.comparingByKey());
    for (Map.Entry<String, Long> part : sorted) {
      out.append(StoredText.escape(part.getKey())).append('=');
      appendHash(out, part.getValue());
      out.append('\t');
    }
    out.append('\n');
    for (FieldManager m : digest.managers()) {
      out.append(StoredText.escape(m.manager()))
          .append('|')
          .append(StoredText.escape(m.operation()))
          .append('|')
          .append(StoredText.escape(m.subresource()))
          .append('|')
          .append(StoredText.escape(m.time()))
          .append('|')
          .append(StoredText.escape(m.fields()))
          .append('\t');
    }
    String appliedBy = digest.appliedBy();
    out.append('\n').append(appliedBy == null ? "" : StoredText.escape(appliedBy));
    return out.append('\n').append(Long.toHexString(digest.edgesHash())).toString();
  }

  /** The digest {@link #encode} wrote; null for a text in another form. */
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

  /** Appends a hash as the 11 characters of unpadded base64url of its 8 big-endian bytes. */
  static void appendHash(StringBuilder out, long value) {
    for (int shift = 58; shift > 0; shift -= 6) {
      out.append(BASE64URL.charAt((int) (value >>> shift) & 0x3F));
    }
    out.append(BASE64URL.charAt((int) (value << 2) & 0x3C)); // the last 4 bits, padded with zeros
  }

  /** The hash {@link #appendHash} wrote. */
  static long hash(String text) {
    long value = 0;
    for (int i = 0; i < 10; i++) {
      value = (value << 6) | BASE64URL.indexOf(text.charAt(i));
    }
    return (value << 4) | (BASE64URL.indexOf(text.charAt(10)) >>> 2);
  }
}
