package io.allkinds.sink;

/**
 * Reads an object's group and name back from its event's subject ({@link EventEncoder#subject}).
 */
final class Subjects {

  private Subjects() {}

  /** The API group: empty for {@code api/v1/...}, else the segment after {@code apis/}. */
  static String group(String subject) {
    if (!subject.startsWith("apis/")) {
      return "";
    }
    int end = subject.indexOf('/', 5);
    return end < 0 ? "" : subject.substring(5, end);
  }

  /** The object's name: the last segment. */
  static String name(String subject) {
    return subject.substring(subject.lastIndexOf('/') + 1);
  }
}
