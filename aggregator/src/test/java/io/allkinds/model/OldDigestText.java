package io.allkinds.model;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes a digest in the text form versions before format 2 stored ({@link DigestText} reads it),
 * for tests that make rows as those versions left them.
 */
public final class OldDigestText {

  private OldDigestText() {}

  /** {@code digest} as text: {@code d1}, parts, managers, tool, edges' hash, one to a line. */
  public static String of(ObjectDigest digest) {
    StringBuilder out = new StringBuilder("d1\n");
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(digest.parts().entrySet());
    sorted.sort(Map.Entry.comparingByKey());
    for (Map.Entry<String, Long> part : sorted) {
      out.append(StoredText.escape(part.getKey())).append('=').append(hash(part.getValue()));
      out.append('\t');
    }
    out.append('\n');
    for (FieldManager m : digest.managers()) {
      for (String field : List.of(m.manager(), m.operation(), m.subresource(), m.time())) {
        out.append(StoredText.escape(field)).append('|');
      }
      out.append(StoredText.escape(m.fields())).append('\t');
    }
    String appliedBy = digest.appliedBy();
    out.append('\n').append(appliedBy == null ? "" : StoredText.escape(appliedBy));
    return out.append('\n').append(Long.toHexString(digest.edgesHash())).toString();
  }

  /** A hash as those versions wrote it: unpadded base64url of its 8 big-endian bytes. */
  static String hash(long value) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(ByteBuffer.allocate(Long.BYTES).putLong(value).array());
  }
}
