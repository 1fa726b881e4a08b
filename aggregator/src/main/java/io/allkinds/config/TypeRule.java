package io.allkinds.config;

import java.util.regex.Pattern;

/**
 * A glob over an API group and a resource name, as written in the include and exclude lists
 * ({@code *} matches any run of characters; the core group is the empty string).
 */
public record TypeRule(String group, String resource) {

  /** Whether this rule matches the given group and plural resource name. */
  public boolean matches(String apiGroup, String resourceName) {
    return glob(group).matcher(apiGroup).matches() && glob(resource).matcher(resourceName).matches();
  }

  private static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*') {
        regex.append(Pattern.quote(literal.toString())).append(".*");
        literal.setLength(0);
      } else {
        literal.append(c);
      }
    }
    regex.append(Pattern.quote(literal.toString()));
    return Pattern.compile(regex.toString());
  }

  @Override
  public String toString() {
    return (group.isEmpty() ? "core" : group) + "/" + resource;
  }
}
