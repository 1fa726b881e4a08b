package io.allkinds.kubeapi;

import io.allkinds.model.ResourceType;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code fieldSelector}: terms {@code field=value}, {@code field==value} or {@code field!=value}
 * joined by commas (a backslash escapes a comma or an equals sign in a value), on {@code
 * metadata.name}, {@code metadata.namespace} and the fields kube-apiserver selects the kind by
 * ({@link SelectableFields}), read from the stored object.
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

  /**
   * Checks that kube-apiserver selects {@code type}'s objects by every field of the selector: a 400
   * Status {@code field label not supported: X}, as kube-apiserver answers, when it does not.
   */
  void checkFor(ResourceType type) {
    for (Term t : terms) {
      if (!isMetadata(t.field()) && SelectableFields.of(type, t.field()) == null) {
        throw KubeStatus.badRequest("field label not supported: " + t.field());
      }
    }
  }

  /**
   * Whether an object of {@code type} with this namespace ('' when cluster-scoped), name and JSON
   * {@code object} passes every term. The selector must have been {@linkplain #checkFor checked}
   * for {@code type}; {@code type} and {@code object} may be null when it selects by name and
   * namespace only.
   */
  boolean matches(ResourceType type, String namespace, String name, JsonObject object) {
    for (Term t : terms) {
      String actual;
      if (t.field().equals(NAME)) {
        actual = name;
      } else if (t.field().equals(NAMESPACE)) {
        actual = namespace;
      } else {
        actual =
            SelectableFields.of(type, t.field()).read(object == null ? new JsonObject() : object);
      }
      if (actual.equals(t.value()) == t.negated()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a term reads the object's content, which a change can alter (name and namespace never
   * change).
   */
  boolean readsContent() {
    return terms.stream().anyMatch(t -> !isMetadata(t.field()));
  }

  private static boolean isMetadata(String field) {
    return field.equals(NAME) || field.equals(NAMESPACE);
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
