package io.allkinds.kubeapi;

import io.allkinds.model.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One of a CRD version's {@code additionalPrinterColumns}: a Table column whose cells are the
 * values at {@code jsonPath} (a simple JSONPath: fields, indexes and {@code [?(@.f=="v")]} filters)
 * of each object.
 */
record PrinterColumn(
    String name, String type, String format, String description, int priority, String jsonPath) {

  /** The printer columns {@code crd} declares for {@code version}; none when it declares none. */
  static List<PrinterColumn> of(JsonObject crd, String version) {
    List<PrinterColumn> out = new ArrayList<>();
    JsonArray versions = crd.getJsonObject("spec", new JsonObject()).getJsonArray("versions");
    if (versions == null) {
      return out;
    }
    for (Object v : versions) {
      if (v instanceof JsonObject ver && version.equals(ver.getString("name"))) {
        for (Object c : ver.getJsonArray("additionalPrinterColumns", new JsonArray())) {
          if (c instanceof JsonObject col
              && col.getString("name") != null
              && col.getString("jsonPath") != null) {
            out.add(
                new PrinterColumn(
                    col.getString("name"),
                    col.getString("type", "string"),
                    col.getString("format", ""),
                    col.getString("description", ""),
                    col.getInteger("priority", 0),
                    col.getString("jsonPath")));
          }
        }
      }
    }
    return out;
  }

  /**
   * The Table of a custom resource with these printer columns: NAME and the columns, or NAME and
   * AGE when there are none, as kube-apiserver makes it.
   */
  static TableLayout layout(List<PrinterColumn> columns) {
    if (columns.isEmpty()) {
      return TableLayout.NAME_AND_AGE;
    }
    List<TableLayout.Column> definitions = new ArrayList<>();
    definitions.add(TableLayout.name());
    columns.forEach(
        c ->
            definitions.add(
                new TableLayout.Column(c.name, c.type, c.format, c.priority, c.description)));
    return new TableLayout(
        definitions,
        (object, now) -> {
          List<Object> cells = new ArrayList<>();
          cells.add(Cell.objectName(object));
          columns.forEach(c -> cells.add(c.cell(find(object, c.jsonPath), now)));
          return cells;
        });
  }

  /** The cell of {@code value}, as kube-apiserver renders the column's type; null when absent. */
  private Object cell(Object value, Instant now) {
    if (value == null) {
      return null;
    }
    if (value instanceof JsonObject || value instanceof JsonArray) {
      return value.toString();
    }
    return switch (type) {
      case "date" -> Age.of(Timestamps.parseOrNull(String.valueOf(value)), now);
      case "integer", "number", "boolean" -> value;
      default -> String.valueOf(value);
    };
  }

  /** The value {@code jsonPath} finds first in {@code object}, or null. */
  static Object find(Object object, String jsonPath) {
    String path = jsonPath.trim();
    if (path.startsWith("{") && path.endsWith("}")) {
      path = path.substring(1, path.length() - 1);
    }
    if (path.startsWith("$")) {
      path = path.substring(1);
    }
    Object at = object;
    int i = 0;
    while (i < path.length() && at != null) {
      char c = path.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
          end++;
        }
        at = at instanceof JsonObject o ? o.getValue(path.substring(i + 1, end)) : null;
        i = end;
      } else if (c == '[') {
        int end = path.indexOf(']', i);
        if (end < 0) {
          return null;
        }
        at = at instanceof JsonArray a ? element(a, path.substring(i + 1, end)) : null;
        i = end + 1;
      } else {
        return null;
      }
    }
    return at;
  }

  /** The element of {@code array} that {@code selector} ({@code n}, {@code *}, a filter) picks. */
  private static Object element(JsonArray array, String selector) {
    if (selector.equals("*")) {
      return array.isEmpty() ? null : array.getValue(0);
    }
    if (selector.startsWith("?(@.") && selector.endsWith(")")) {
      String[] test = selector.substring(4, selector.length() - 1).split("==", 2);
      if (test.length != 2) {
        return null;
      }
      String field = test[0].trim();
      String value = test[1].trim().replaceAll("^[\"']|[\"']$", "");
      for (Object e : array) {
        if (e instanceof JsonObject o && value.equals(String.valueOf(o.getValue(field)))) {
          return o;
        }
      }
      return null;
    }
    try {
      int index = Integer.parseInt(selector.trim());
      return index >= 0 && index < array.size() ? array.getValue(index) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
