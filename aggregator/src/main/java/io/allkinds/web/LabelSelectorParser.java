package io.allkinds.web;

import io.allkinds.model.LabelRequirement;
import io.allkinds.model.LabelSelector;
import java.util.List;

/**
 * The {@code labelSelector} parameter: {@link LabelSelector}'s requirements, or a 400 that says
 * where the selector does not parse.
 */
public final class LabelSelectorParser {

  private LabelSelectorParser() {}

  /** The requirements of a selector; an empty or blank selector has none. */
  public static List<LabelRequirement> parse(String selector) {
    try {
      return LabelSelector.parse(selector);
    } catch (IllegalArgumentException e) {
      throw ApiError.badParameter("labelSelector", e.getMessage());
    }
  }
}
