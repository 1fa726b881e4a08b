package io.allkinds.model;

import java.util.Set;

/**
 * The one rule for the top JSON pointer paths a change is named by, shared by the writer (which
 * hashes an object per top path) and compare and drift (which name a patch's paths alike): every
 * child of {@code metadata} and {@code spec} ({@code /spec/replicas}, {@code /metadata/labels}),
 * any other field whole ({@code /status}, {@code /data}).
 */
public final class TopPaths {

  private static final Set<String> SPLIT = Set.of("metadata", "spec");

  private TopPaths() {}

  /** Whether a top-level field is named by its children rather than whole. */
  public static boolean split(String field) {
    return SPLIT.contains(field);
  }

  /** The top path of a JSON pointer ({@code ""} for the whole document). */
  public static String of(String pointer) {
    if (pointer.isEmpty()) {
      return "";
    }
    int second = pointer.indexOf('/', 1);
    if (second < 0) {
      return pointer;
    }
    if (!split(pointer.substring(1, second))) {
      return pointer.substring(0, second);
    }
    int third = pointer.indexOf('/', second + 1);
    return third < 0 ? pointer : pointer.substring(0, third);
  }
}
