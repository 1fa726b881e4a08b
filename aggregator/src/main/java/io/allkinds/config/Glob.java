package io.allkinds.config;

import java.util.regex.Pattern;

/**
 * A shell-style pattern where {@code *} matches any run of characters and everything else matches
 * itself.
 */
public record Glob(String pattern) {

  /** Whether the whole of {@code value} matches. */
  public boolean matches(String value) {
    return regex().matcher(value).matches();
  }

  private Pattern regex() {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
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
    return pattern;
  }
}
