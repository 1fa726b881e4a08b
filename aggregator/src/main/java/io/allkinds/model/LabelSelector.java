package io.allkinds.model;

import io.allkinds.model.LabelRequirement.Operator;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses a label selector in Kubernetes syntax: {@code a=b}, {@code a==b}, {@code a!=b}, {@code a
 * in (x,y)}, {@code a notin (x,y)}, {@code a}, {@code !a}, joined by commas. A selector that does
 * not parse is an {@link IllegalArgumentException} that says where and why.
 */
public final class LabelSelector {

  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
  private static final Pattern PREFIX = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

  private final String text;
  private int pos;

  private LabelSelector(String text) {
    this.text = text;
  }

  /** The requirements of a selector; an empty or blank selector has none. */
  public static List<LabelRequirement> parse(String selector) {
    if (selector == null || selector.isBlank()) {
      return List.of();
    }
    return new LabelSelector(selector).requirements();
  }

  private List<LabelRequirement> requirements() {
    List<LabelRequirement> out = new ArrayList<>();
    do {
      out.add(requirement());
      skipSpaces();
    } while (accept(","));
    if (pos < text.length()) {
      throw error("unexpected '" + text.charAt(pos) + "'");
    }
    if (out.size() > 20) {
      throw error("more than 20 requirements");
    }
    return out;
  }

  private LabelRequirement requirement() {
    skipSpaces();
    if (accept("!")) {
      return new LabelRequirement(key(), Operator.DOES_NOT_EXIST, List.of());
    }
    String key = key();
    skipSpaces();
    if (accept("==") || accept("=")) {
      return new LabelRequirement(key, Operator.EQUALS, List.of(value()));
    }
    if (accept("!=")) {
      return new LabelRequirement(key, Operator.NOT_EQUALS, List.of(value()));
    }
    if (acceptWord("notin")) {
      return new LabelRequirement(key, Operator.NOT_IN, set());
    }
    if (acceptWord("in")) {
      return new LabelRequirement(key, Operator.IN, set());
    }
    if (pos == text.length() || text.charAt(pos) == ',') {
      return new LabelRequirement(key, Operator.EXISTS, List.of());
    }
    throw error("expected an operator (=, ==, !=, in, notin) after '" + key + "'");
  }

  private List<String> set() {
    skipSpaces();
    if (!accept("(")) {
      throw error("expected '(' to open a set of values");
    }
    List<String> values = new ArrayList<>();
    do {
      values.add(value());
      skipSpaces();
    } while (accept(","));
    if (!accept(")")) {
      throw error("expected ')' to close the set of values");
    }
    return values;
  }

  private String key() {
    skipSpaces();
    String token = token();
    int slash = token.indexOf('/');
    String prefix = slash < 0 ? null : token.substring(0, slash);
    String name = slash < 0 ? token : token.substring(slash + 1);
    if (!NAME.matcher(name).matches() || (prefix != null && !PREFIX.matcher(prefix).matches())) {
      throw error("'" + token + "' is not a valid label key");
    }
    return token;
  }

  private String value() {
    skipSpaces();
    String token = token();
    if (!token.isEmpty() && !NAME.matcher(token).matches()) {
      throw error("'" + token + "' is not a valid label value");
    }
    return token;
  }

  private String token() {
    int start = pos;
    while (pos < text.length() && "=!(), ".indexOf(text.charAt(pos)) < 0) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private boolean acceptWord(String word) {
    if (text.startsWith(word, pos)) {
      int end = pos + word.length();
      if (end < text.length() && (text.charAt(end) == ' ' || text.charAt(end) == '(')) {
        pos = end;
        return true;
      }
    }
    return false;
  }

  private boolean accept(String s) {
    if (text.startsWith(s, pos)) {
      pos += s.length();
      return true;
    }
    return false;
  }

  private void skipSpaces() {
    while (pos < text.length() && text.charAt(pos) == ' ') {
      pos++;
    }
  }

  private IllegalArgumentException error(String problem) {
    return new IllegalArgumentException(problem + " at position " + pos + " of '" + text + "'");
  }
}
