package io.allkinds.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.allkinds.model.EdgeRelation;
import io.allkinds.model.ObjectEdge;
import io.allkinds.model.StoredText;
import java.util.ArrayList;
import java.util.List;

/**
 * The text a set of edges is kept in: one edge to a line, {@code
 * relation|group|kind|namespace|name|uid}, each field with its delimiters percent-encoded. {@code
 * object_edge_sets.edges_bytes} keeps it as UTF-8 bytes, which H2 writes as one copy ({@code
 * edges}, as text, for sets stored before schema version 11).
 */
public final class EdgeText {

  private EdgeText() {}

  /** The stored text of {@code edges}. */
  public static String encode(List<ObjectEdge> edges) {
    // One buffer, no list or string per field: the writer's thread encodes every set it starts.
    StringBuilder out = new StringBuilder(edges.size() * 64);
    for (ObjectEdge e : edges) {
      if (!out.isEmpty()) {
        out.append('\n');
      }
      out.append(e.relation().stored());
      StoredText.escapeTo(out.append('|'), e.group());
      StoredText.escapeTo(out.append('|'), e.kind());
      StoredText.escapeTo(out.append('|'), e.namespace());
      StoredText.escapeTo(out.append('|'), e.name());
      StoredText.escapeTo(out.append('|'), e.uid());
    }
    return out.toString();
  }

  /** The stored bytes of {@code edges}: their text in UTF-8. */
  public static byte[] bytes(List<ObjectEdge> edges) {
    return encode(edges).getBytes(UTF_8);
  }

  /**
   * The edges a set keeps: as {@link #bytes}, or for a set stored before schema version 11 as
   * {@code text}.
   */
  public static List<ObjectEdge> decode(byte[] bytes, String text) {
    return decode(bytes == null ? text : new String(bytes, UTF_8));
  }

  /** The edges {@link #encode} kept; a line this version cannot read is skipped. */
  public static List<ObjectEdge> decode(String stored) {
    List<ObjectEdge> out = new ArrayList<>();
    for (String line : stored.split("\n", -1)) {
      String[] f = line.split("\\|", -1);
      if (f.length != 6) {
        continue;
      }
      EdgeRelation relation;
      try {
        relation = EdgeRelation.ofStored(f[0]);
      } catch (IllegalArgumentException e) {
        continue; // a relation a later version added
      }
      out.add(
          new ObjectEdge(
              relation,
              StoredText.unescape(f[1]),
              StoredText.unescape(f[2]),
              StoredText.unescape(f[3]),
              StoredText.unescape(f[4]),
              StoredText.unescape(f[5])));
    }
    return out;
  }
}
