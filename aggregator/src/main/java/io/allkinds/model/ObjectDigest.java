package io.allkinds.model;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What the writer compares one version of an object with the next, without reading its body: a
 * 64-bit hash of each top JSON pointer path ({@code /spec/replicas}, {@code /metadata/labels},
 * {@code /status}; bookkeeping left out), its field managers, the hash of the relationships it
 * states, and the tool that applied it. The object's row keeps it in {@link #encode()}d form
 * ({@link DigestBytes}), worked out when the digest is made (on the cluster's threads, not the
 * writer's); the {@code edges} themselves only travel from the cluster to the writer (null once
 * decoded).
 */
public final class ObjectDigest {

  private final Map<String, Long> parts;
  private final List<FieldManager> managers;
  private final String appliedBy;
  private final long edgesHash;
  private final List<ObjectEdge> edges;

  /** The stored form; null for a digest decoded from the text form (worked out when asked). */
  private final byte[] stored;

  private ObjectDigest(
      Map<String, Long> parts,
      List<FieldManager> managers,
      String appliedBy,
      long edgesHash,
      List<ObjectEdge> edges,
      byte[] stored) {
    this.parts = parts;
    this.managers = managers;
    this.appliedBy = appliedBy;
    this.edgesHash = edgesHash;
    this.edges = edges;
    this.stored = stored;
  }

  /** A digest of an object as read, with the edges it states. */
  public static ObjectDigest of(
      Map<String, Long> parts,
      List<FieldManager> managers,
      String appliedBy,
      List<ObjectEdge> edges) {
    Map<String, Long> p = Map.copyOf(parts);
    List<FieldManager> m = List.copyOf(managers);
    long edgesHash = hash(edges);
    return new ObjectDigest(
        p,
        m,
        appliedBy,
        edgesHash,
        List.copyOf(edges),
        DigestBytes.encode(p, m, appliedBy, edgesHash));
  }

  /**
   * A digest read from its stored form, {@code stored} (null to work it out when asked); the
   * decoder hands over the maps and lists it built, so they are wrapped, not copied.
   */
  static ObjectDigest stored(
      Map<String, Long> parts,
      List<FieldManager> managers,
      String appliedBy,
      long edgesHash,
      byte[] stored) {
    return new ObjectDigest(
        Collections.unmodifiableMap(parts),
        Collections.unmodifiableList(managers),
        appliedBy,
        edgesHash,
        null,
        stored);
  }

  /**
   * The digest a row keeps: its bytes (format 2, or the UTF-8 of the text form a writer before it
   * stored there), else the text column of a row not written since schema version 11; null for
   * none, or for a form this version cannot read (the writer then compares with nothing, as for a
   * row stored before digests were kept).
   */
  public static ObjectDigest decode(byte[] bytes, String text) {
    try {
      if (bytes != null && bytes.length > 0 && bytes[0] == DigestBytes.FORMAT) {
        return DigestBytes.decode(bytes);
      }
      String old = bytes != null ? new String(bytes, UTF_8) : text;
      return old == null ? null : DigestText.decode(old);
    } catch (IllegalArgumentException | DateTimeException | IndexOutOfBoundsException e) {
      return null;
    }
  }

  /** The hash of each top path. */
  public Map<String, Long> parts() {
    return parts;
  }

  /** The field managers, in the order the object lists them. */
  public List<FieldManager> managers() {
    return managers;
  }

  /** The tool that applied the object ({@code helm:ns/release}); null when none names itself. */
  public String appliedBy() {
    return appliedBy;
  }

  /** The hash of the relationships the object states; 0 for none. */
  public long edgesHash() {
    return edgesHash;
  }

  /** The relationships the object states; null for a digest read from the store. */
  public List<ObjectEdge> edges() {
    return edges;
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
   * This digest stating no edges, as a writer that keeps none would get it: its stored form is this
   * one's with a zero edges hash (the last 8 bytes), not worked out again.
   */
  public ObjectDigest withoutEdges() {
    byte[] none = encode().clone();
    Arrays.fill(none, none.length - Long.BYTES, none.length, (byte) 0);
    return new ObjectDigest(parts, managers, appliedBy, 0, List.of(), none);
  }

  /** The stored form ({@link DigestBytes}); the caller must not change it. */
  public byte[] encode() {
    return stored != null ? stored : DigestBytes.encode(parts, managers, appliedBy, edgesHash);
  }

  /** About the heap this digest holds, for the bounds of queues that carry it. */
  public long approximateBytes() {
    return encode().length
        + 96L * parts.size()
        + 160L * managers.size()
        + (edges == null ? 0 : 200L * edges.size());
  }

  /** Digests are equal when their values are: parts, managers, tool, edges' hash and edges. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ObjectDigest d
        && parts.equals(d.parts)
        && managers.equals(d.managers)
        && Objects.equals(appliedBy, d.appliedBy)
        && edgesHash == d.edgesHash
        && Objects.equals(edges, d.edges);
  }

  @Override
  public int hashCode() {
    return Objects.hash(parts, managers, appliedBy, edgesHash, edges);
  }

  @Override
  public String toString() {
    return "ObjectDigest[parts="
        + parts
        + ", managers="
        + managers
        + ", appliedBy="
        + appliedBy
        + ", edgesHash="
        + Long.toHexString(edgesHash)
        + "]";
  }

  private static long hash(List<ObjectEdge> edges) {
    long h = 0xcbf29ce484222325L;
    for (ObjectEdge e : edges) {
      // Strings' hashes are the same in every JVM; an enum's is not.
      h = mix(h, e.relation().name());
      h = mix(h, e.group());
      h = mix(h, e.kind());
      h = mix(h, e.namespace());
      h = mix(h, e.name());
      h = mix(h, e.uid());
    }
    return edges.isEmpty() ? 0 : h;
  }

  private static long mix(long h, String s) {
    return (h ^ s.hashCode()) * 0x100000001b3L;
  }
}
