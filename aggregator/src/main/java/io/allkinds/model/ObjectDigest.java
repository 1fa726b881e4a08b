package io.allkinds.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the writer compares one version of an object with the next, without reading its body: a
 * 64-bit hash of each top JSON pointer path ({@code /spec/replicas}, {@code /metadata/labels},
 * {@code /status}; bookkeeping left out), its field managers, the hash of the relationships it
 * states, and the tool that applied it. The object's row keeps it in {@link #encode()}d form,
 * worked out when the digest is made (on the cluster's threads, not the writer's); the {@code
 * edges} themselves only travel from the cluster to the writer (null once decoded).
 */
public record ObjectDigest(
    Map<String, Long> parts,
    List<FieldManager> managers,
    String appliedBy,
    long edgesHash,
    List<ObjectEdge> edges,
    String stored) {

  private static final String FORMAT = "d1";
  private static final String BASE64URL =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  public ObjectDigest {
    parts = Map.copyOf(parts);
    managers = List.copyOf(managers);
    edges = edges == null ? null : List.copyOf(edges);
    if (stored == null) {
      stored = encode(parts, managers, appliedBy, edgesHash);
    }
  }

  /** A digest of an object as read, with the edges it states. */
  public static ObjectDigest of(
      Map<String, Long> parts,
      List<FieldManager> managers,
      String appliedBy,
      List<ObjectEdge> edges) {
    return new ObjectDigest(parts, managers, appliedBy, hash(edges), edges, null);
  }

  /** The paths whose hash differs from {@code before}'s, or that only one of them has, sorted. */
  public List<String> changedSince(ObjectDigest before) {
    TreeSet<String> out = new TreeSet<>();
    parts.forEach(
        (path, hash) -> {
          if (!hash.equals(before.parts.get(path))) {
            out.add(path);
          }
        });
    before.parts.keySet().stream().filter(p -> !parts.containsKey(p)).forEach(out::add);
    return List.copyOf(out);
  }

  /**
   * The field managers that wrote this version: those {@code before} did not have, or whose time
   * moved; all of them when there is no version before. When none did (a second write within the
   * same second: times have a second's precision), those whose set of managed fields changed. A
   * manager that only lost fields to another is not named: the other one explains the change.
   */
  public List<FieldManager> actorsSince(ObjectDigest before) {
    if (before == null) {
      return managers;
    }
    List<FieldManager> moved = new ArrayList<>();
    List<FieldManager> fieldsOnly = new ArrayList<>();
    for (FieldManager m : managers) {
      FieldManager old = before.managers.stream().filter(m::sameWriter).findFirst().orElse(null);
      if (old == null || m.timeMovedSince(old)) {
        moved.add(m);
      } else if (m.fieldsChangedSince(old)) {
        fieldsOnly.add(m);
      }
    }
    return moved.isEmpty() ? fieldsOnly : moved;
  }

  /** Whether the object states relationships other than {@code before}'s. */
  public boolean edgesDifferFrom(ObjectDigest before) {
    return before == null || before.edgesHash != edgesHash;
  }

  /**
   * This digest stating no edges, as a writer that keeps none would get it: its stored text is this
   * one's with a zero edges hash (the last line), not worked out again.
   */
  public ObjectDigest withoutEdges() {
    return new ObjectDigest(
        parts,
        managers,
        appliedBy,
        0,
        List.of(),
        stored.substring(0, stored.lastIndexOf('\n') + 1) + "0");
  }

  /** The stored form: {@code d1}, then the parts, the managers, the tool and the edges' hash. */
  public String encode() {
    return stored;
  }

  private static String encode(
      Map<String, Long> parts, List<FieldManager> managers, String appliedBy, long edgesHash) {
    // Sized for a Pod's (some 400 characters), so the text is not copied as it grows.
    StringBuilder out = new StringBuilder(32 * parts.size() + 96 * managers.size() + 64);
    out.append(FORMAT).append('\n');
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(parts.entrySet());
    sorted.sort(Map.Entry.comparingByKey());
    for (Map.Entry<String, Long> part : sorted) {
      out.append(StoredText.escape(part.getKey())).append('=');
      appendHash(out, part.getValue());
      out.append('\t');
    }
    out.append('\n');
    for (FieldManager m : managers) {
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
    out.append('\n').append(appliedBy == null ? "" : StoredText.escape(appliedBy));
    return out.append('\n').append(Long.toHexString(edgesHash)).toString();
  }

  /** The digest {@link #encode()} wrote; null for null or a format this version does not know. */
  public static ObjectDigest decode(String stored) {
    if (stored == null || !stored.startsWith(FORMAT + "\n")) {
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
    return new ObjectDigest(
        parts, managers, appliedBy, Long.parseUnsignedLong(lines[4], 16), null, stored);
  }

  /** A hash in 11 characters of unpadded base64url (a digest is kept per object). */
  /**
   * Appends a hash as the 11 characters of unpadded base64url of its 8 big-endian bytes, without
   * the encoder's buffers (a digest is made per object).
   */
  static void appendHash(StringBuilder out, long value) {
    for (int shift = 58; shift > 0; shift -= 6) {
      out.append(BASE64URL.charAt((int) (value >>> shift) & 0x3F));
    }
    out.append(BASE64URL.charAt((int) (value << 2) & 0x3C)); // the last 4 bits, padded with zeros
  }

  static long hash(String text) {
    long value = 0;
    for (int i = 0; i < 10; i++) {
      value = (value << 6) | BASE64URL.indexOf(text.charAt(i));
    }
    return (value << 4) | (BASE64URL.indexOf(text.charAt(10)) >>> 2);
  }

  private static long hash(List<ObjectEdge> edges) {
    long h = 0xcbf29ce484222325L;
    for (ObjectEdge e : edges) {
      // Strings' hashes are the same in every JVM; an enum's is not.
      for (String s : List.of(e.relation().name(), e.group(), e.kind(), e.namespace(), e.name())) {
        h = (h ^ s.hashCode()) * 0x100000001b3L;
      }
      h = (h ^ e.uid().hashCode()) * 0x100000001b3L;
    }
    return edges.isEmpty() ? 0 : h;
  }
}
