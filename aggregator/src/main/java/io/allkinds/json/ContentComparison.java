package io.allkinds.json;

import io.allkinds.model.TopPaths;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How one object's normalized content differs from another's: the RFC 6902 patch from the first to
 * the second (computed by {@link JsonPatches}) and the top paths it changes ({@code
 * /spec/replicas}, {@code /metadata/labels}, {@code /data}, {@code /status}: the journal's changed
 * paths, by {@link TopPaths}), in the order the patch names them.
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
      top.add(TopPaths.of(path));
    }
    return new ContentComparison(p.json(), List.copyOf(top));
  }
}
