package io.allkinds.json;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How one object's normalized content differs from another's: the RFC 6902 patch from the first to
 * the second (computed by {@link JsonPatches}) and the top paths it changes ({@code
 * /spec/replicas}, {@code /metadata/labels}, {@code /data}, {@code /status}: the journal's changed
 * paths), in the order the patch names them.
 *
 * @param patch the patch as JSON text ({@code []} when the contents are equal)
 * @param changed the top JSON pointer paths the patch changes
 */
public record ContentComparison(String patch, List<String> changed) {

  public ContentComparison {
    changed = List.copyOf(changed);
  }

  /** Whether the two contents were equal. */
  public boolean identical() {
    return changed.isEmpty() && "[]".equals(patch);
  }

  /** The comparison of two normalized contents ({@link ObjectNormalizer#normalize}). */
  public static ContentComparison of(byte[] from, byte[] to) {
    JsonPatches.Patch p = JsonPatches.between(from, to);
    Set<String> top = new LinkedHashSet<>();
    for (String path : p.paths()) {
      top.add(topPath(path));
    }
    return new ContentComparison(p.json(), List.copyOf(top));
  }

  /**
   * The top path of a JSON pointer, as the journal's changed paths name them: a child of {@code
   * metadata} or {@code spec} ({@code /spec/replicas}, {@code /metadata/labels}), any other field
   * whole ({@code /status}, {@code /data}).
   */
  public static String topPath(String pointer) {
    if (pointer.isEmpty()) {
      return "";
    }
    int second = pointer.indexOf('/', 1);
    if (second < 0) {
      return pointer;
    }
    String first = pointer.substring(0, second);
    if (!first.equals("/metadata") && !first.equals("/spec")) {
      return first;
    }
    int third = pointer.indexOf('/', second + 1);
    return third < 0 ? pointer : pointer.substring(0, third);
  }
}
