package io.allkinds.kubeapi;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code fieldSelector} on the fields every stored object can be selected by: {@code
 * metadata.name} and {@code metadata.namespace}, with {@code =}, {@code ==} or {@code !=}, terms
 * joined by commas (a backslash escapes a comma or an equals sign in a value).
 */
record FieldSelector(List<Term> terms) {

  /** The fields that can be selected on. */
  static final String NAME = "metadata.name";

  static final String NAMESPACE = "metadata.namespace";

  /** One term: {@code field=value} or, when {@code negated}, {@code field!=value}. */
  record Term(String field, boolean negated, String value) {}

  static final FieldSelector NONE = new FieldSelector(List.of());

  FieldSelector {
    terms = List.copyOf(terms);
  }

  /** The selector {@code text} says; a 400 Status for a field it cannot select on or bad syntax. */
  static FieldSelector parse(String text) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    List<Term> terms = new ArrayList<>();
    for (String part : split(text, ',')) {
      if (part.isBlank()) {
        continue;
      }
      terms.add(term(part.trim()));
    }
    if (terms.size() > 20) {
      throw KubeStatus.badRequest("invalid field selector: more than 20 terms");
    }
    return new FieldSelector(terms);
  }

  /** The value the selector requires {@code field} to equal, or null when it requires none. */
  String equal(String field) {
    return terms.stream()
        .filter(t -> t.field().equals(field) && !t.negated())
        .map(Term::value)
        .findFirst()
        .orElse(null);
  }

  /** Whether an object with this namespace ('' when cluster-scoped) and name passes every term. */
  boolean matches(String namespace, String name) {
    for (Term t : terms) {
      String actual = t.field().equals(NAME) ? name : namespace;
      if (actual.equals(t.value()) == t.negated()) {
        return false;
      }
    }
    return true;
  }

  private static Term term(String part) {
    int op = -1;
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '=' || c == '!') {
        op = i;
        break;
      }
    }
    if (op <= 0) {
      throw KubeStatus.badRequest("invalid field selector: '" + part + "' is not field=value");
    }
    String field = part.substring(0, op).trim();
    boolean negated = part.startsWith("!=", op);
    int valueAt = negated || part.startsWith("==", op) ? op + 2 : op + 1;
    if (part.charAt(op) == '!' && !negated) {
      throw KubeStatus.badRequest("invalid field selector: '" + part + "' is not field=value");
    }
    if (!field.equals(NAME) && !field.equals(NAMESPACE)) {
      throw KubeStatus.badRequest(
          "field label not supported: "
              + field
              + " (only "
              + NAME
              + " and "
              + NAMESPACE
              + " can be selected on)");
    }
    return new Term(field, negated, unescape(part.substring(valueAt).trim()));
  }

  /** {@code text} split at {@code sep} where no backslash escapes it. */
  private static List<String> split(String text, char sep) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        current.append(c).append(text.charAt(++i));
      } else if (c == sep) {
        out.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    out.add(current.toString());
    return out;
  }

  private static String unescape(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length()) {
        c = value.charAt(++i);
      }
      out.append(c);
    }
    return out.toString();
  }
}
