package io.allkinds.model;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A digest's stored form since format 2, a third of the text form's size ({@link DigestText}): a
 * Pod's digest is some 150 bytes instead of 480, which every write of its row and of its page
 * carries. Byte {@code 2}, then the parts (a count, then each path as a word and its hash in 8
 * bytes, in no set order: readers build a map), the managers (a count, then each one's manager,
 * operation and subresource as words, its time as seconds since 1970 when it is in the API server's
 * form {@code 2026-12-01T00:01:00Z}, and its fields' hash in 8 bytes), the tool that applied it,
 * and the edges' hash in the last 8 bytes. A word is a number of {@link DigestWords} or, as 0, the
 * text's UTF-8 bytes; counts and numbers are unsigned LEB128 varints.
 */
final class DigestBytes {

  /** The first byte of format 2; the text form's first is {@code d}. */
  static final byte FORMAT = 2;

  private byte[] buf;
  private int pos;

  private DigestBytes(byte[] buf) {
    this.buf = buf;
  }

  /** The stored form of a digest's values. */
  static byte[] encode(
      Map<String, Long> parts, List<FieldManager> managers, String appliedBy, long edgesHash) {
    DigestBytes out = new DigestBytes(new byte[16 + 10 * parts.size() + 24 * managers.size()]);
    out.put(FORMAT);
    out.putVarLong(parts.size());
    for (Map.Entry<String, Long> part : parts.entrySet()) {
      out.putWord(part.getKey());
      out.putLong(part.getValue());
    }
    out.putVarLong(managers.size());
    for (FieldManager m : managers) {
      out.putWord(m.manager());
      out.putWord(m.operation());
      out.putWord(m.subresource());
      long seconds = secondsOf(m.time());
      out.putVarLong(seconds + 1); // 0: spelled out
      if (seconds < 0) {
        out.putText(m.time());
      }
      if (isHexOfLong(m.fields())) {
        out.put((byte) 1);
        out.putLong(Long.parseUnsignedLong(m.fields(), 16));
      } else {
        out.put((byte) 0);
        out.putText(m.fields());
      }
    }
    if (appliedBy == null) {
      out.put((byte) 0);
    } else {
      out.put((byte) 1);
      out.putWord(appliedBy);
    }
    out.putLong(edgesHash);
    return Arrays.copyOf(out.buf, out.pos);
  }

  /**
   * The digest stored in {@code stored} (format 2); an {@link IllegalArgumentException} when it is
   * cut short or names a word the list does not have.
   */
  static ObjectDigest decode(byte[] stored) {
    DigestBytes in = new DigestBytes(stored);
    if (in.get() != FORMAT) {
      throw new IllegalArgumentException("not a format 2 digest");
    }
    int partCount = in.getCount();
    Map<String, Long> parts = new HashMap<>(partCount * 2);
    for (int i = 0; i < partCount; i++) {
      parts.put(in.getWord(), in.getLong());
    }
    int managerCount = in.getCount();
    List<FieldManager> managers = new ArrayList<>(managerCount);
    for (int i = 0; i < managerCount; i++) {
      String manager = in.getWord();
      String operation = in.getWord();
      String subresource = in.getWord();
      long seconds = in.getVarLong() - 1;
      String time = seconds < 0 ? in.getText() : timeOf(seconds);
      String fields = in.get() == 1 ? Long.toHexString(in.getLong()) : in.getText();
      managers.add(new FieldManager(manager, operation, subresource, time, fields));
    }
    String appliedBy = in.get() == 1 ? in.getWord() : null;
    long edgesHash = in.getLong();
    if (in.pos != stored.length) {
      throw new IllegalArgumentException("bytes after the digest's end");
    }
    return ObjectDigest.stored(parts, managers, appliedBy, edgesHash, stored);
  }

  /**
   * Seconds since 1970 of a time in the API server's form ({@code 2026-12-01T00:01:00Z}, which
   * {@link #timeOf} writes back alike); -1 for any other text.
   */
  static long secondsOf(String time) {
    if (time.length() != 20
        || time.charAt(4) != '-'
        || time.charAt(7) != '-'
        || time.charAt(10) != 'T'
        || time.charAt(13) != ':'
        || time.charAt(16) != ':'
        || time.charAt(19) != 'Z') {
      return -1;
    }
    int year = digits(time, 0, 4);
    int month = digits(time, 5, 2);
    int day = digits(time, 8, 2);
    int hour = digits(time, 11, 2);
    int minute = digits(time, 14, 2);
    int second = digits(time, 17, 2);
    if (year < 1970 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
      return -1;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return -1; // a 30 February is kept as written
    }
  }

  /** The API server's form of a time {@link #secondsOf} read. */
  static String timeOf(long seconds) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    char[] out = "0000-00-00T00:00:00Z".toCharArray();
    putDigits(out, 0, 4, t.getYear());
    putDigits(out, 5, 2, t.getMonthValue());
    putDigits(out, 8, 2, t.getDayOfMonth());
    putDigits(out, 11, 2, t.getHour());
    putDigits(out, 14, 2, t.getMinute());
    putDigits(out, 17, 2, t.getSecond());
    return new String(out);
  }

  /** Whether {@code text} is what {@link Long#toHexString} writes (so it is read back alike). */
  static boolean isHexOfLong(String text) {
    int n = text.length();
    if (n == 0 || n > 16 || (n > 1 && text.charAt(0) == '0')) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static void putDigits(char[] out, int from, int count, int value) {
    for (int i = from + count - 1; i >= from; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  private void put(byte b) {
    room(1);
    buf[pos++] = b;
  }

  private void room(int bytes) {
    if (pos + bytes > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + bytes));
    }
  }

  private void putVarLong(long value) {
    while ((value & ~0x7FL) != 0) {
      put((byte) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    put((byte) value);
  }

  private void putLong(long value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      put((byte) (value >>> shift));
    }
  }

  private void putWord(String word) {
    int number = DigestWords.numberOf(word);
    putVarLong(number + 1L);
    if (number < 0) {
      putText(word);
    }
  }

  private void putText(String text) {
    byte[] bytes = text.getBytes(UTF_8);
    putVarLong(bytes.length);
    room(bytes.length);
    System.arraycopy(bytes, 0, buf, pos, bytes.length);
    pos += bytes.length;
  }

  private byte get() {
    if (pos >= buf.length) {
      throw new IllegalArgumentException("a digest cut short");
    }
    return buf[pos++];
  }

  private long getVarLong() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = get();
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("a digest's number runs on");
  }

  /** A count, no larger than the bytes left could hold. */
  private int getCount() {
    long n = getVarLong();
    if (n > buf.length - pos) {
      throw new IllegalArgumentException("a digest's count exceeds its bytes");
    }
    return (int) n;
  }

  private long getLong() {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (get() & 0xFF);
    }
    return value;
  }

  private String getWord() {
    long n = getVarLong();
    return n == 0 ? getText() : DigestWords.word((int) Math.min(n - 1, Integer.MAX_VALUE));
  }

  private String getText() {
    int length = getCount();
    String text = new String(buf, pos, length, UTF_8);
    pos += length;
    return text;
  }
}
