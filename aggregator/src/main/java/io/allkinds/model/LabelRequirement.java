package io.allkinds.model;

import java.util.List;

/** One term of a Kubernetes label selector, e.g. {@code tier in (web, api)} or {@code !canary}. */
public record LabelRequirement(String key, Operator operator, List<String> values) {

  /** The selector operators Kubernetes defines. */
  public enum Operator {
    EQUALS,
    NOT_EQUALS,
    IN,
    NOT_IN,
    EXISTS,
    DOES_NOT_EXIST
  }

  public LabelRequirement {
    values = List.copyOf(values);
  }

  /**
   * Whether a set of labels satisfies this term, with Kubernetes' semantics (a missing key
   * satisfies != and notin).
   */
  public boolean matches(java.util.Map<String, String> labels) {
    String v = labels.get(key);
    return switch (operator) {
      case EQUALS, IN -> v != null && values.contains(v);
      case NOT_EQUALS, NOT_IN -> v == null || !values.contains(v);
      case EXISTS -> v != null;
      case DOES_NOT_EXIST -> v == null;
    };
  }
}
