package io.allkinds.config;

/**
 * A glob over an API group and a resource name, as written in the include and exclude lists ({@code
 * *} matches any run of characters; the core group is the empty string).
 */
public record TypeRule(String group, String resource) {

  /** Whether this rule matches the given group and plural resource name. */
  public boolean matches(String apiGroup, String resourceName) {
    return new Glob(group).matches(apiGroup) && new Glob(resource).matches(resourceName);
  }

  @Override
  public String toString() {
    return (group.isEmpty() ? "core" : group) + "/" + resource;
  }
}
