package io.allkinds.config;

/**
 * A glob over an API group and a name (a kind or a resource): {@code apps/Deployment}, {@code
 * *.example.com/*}, or without a slash, {@code ConfigMap} in any group; the core group is empty,
 * {@code /ConfigMap}.
 */
public record TypePattern(Glob group, Glob name) {

  /** Parses {@code group/name} or {@code name}. */
  public static TypePattern parse(String text) {
    int slash = text.lastIndexOf('/');
    return slash < 0
        ? new TypePattern(new Glob("*"), new Glob(text))
        : new TypePattern(new Glob(text.substring(0, slash)), new Glob(text.substring(slash + 1)));
  }

  /** Whether {@code group} and {@code name} both match. */
  public boolean matches(String group, String name) {
    return this.group.matches(group) && this.name.matches(name);
  }

  @Override
  public String toString() {
    return group + "/" + name;
  }
}
