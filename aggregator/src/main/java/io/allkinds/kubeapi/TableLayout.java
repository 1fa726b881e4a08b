package io.allkinds.kubeapi;

import io.allkinds.model.ResourceType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns of a Table and how to compute one object's cells from its stored JSON: a built-in
 * kind's as kube-apiserver's own printers make them ({@link BuiltinColumns}), a custom resource's
 * from its CRD's printer columns ({@link PrinterColumn#layout}), or {@link #NAME_AND_AGE}. Every
 * column's cell is computed, wide ones too, as kube-apiserver sends them; kubectl hides priority 1
 * columns unless asked for {@code -o wide}.
 */
record TableLayout(List<Column> columns, Cells cells) {

  /** One column definition of a Table. */
  record Column(String name, String type, String format, int priority, String description) {

    JsonObject definition() {
      return new JsonObject()
          .put("name", name)
          .put("type", type)
          .put("format", format)
          .put("description", description)
          .put("priority", priority);
    }
  }

  /**
   * Computes the cells of one object, in column order, with ages counted to {@code now}; a null
   * cell is an absent value.
   */
  @FunctionalInterface
  interface Cells {
    List<Object> of(JsonObject object, Instant now);
  }

  /** kube-apiserver's default Table, for a kind it has no printer for: NAME and AGE. */
  static final TableLayout NAME_AND_AGE =
      new TableLayout(
          List.of(name(), age()), (o, now) -> List.of(Cell.objectName(o), Cell.age(o, now)));

  TableLayout {
    columns = List.copyOf(columns);
  }

  /**
   * The Table of {@code type}'s objects under {@code path}'s root: a built-in kind's columns, else
   * the printer columns of its stored CRD; under the fleet root with a Cluster column first.
   * Blocking (reads the CRD).
   */
  static TableLayout of(KubePath path, ResourceType type, CrdNames crds) {
    TableLayout layout =
        BuiltinColumns.of(type)
            .orElseGet(() -> PrinterColumn.layout(crds.columns(path.clusters(), path.at(), type)));
    return path.fleet() ? layout.withCluster() : layout;
  }

  /** This layout with a Cluster column first, from the {@value FleetScope#KEY} label. */
  TableLayout withCluster() {
    List<Column> all = new ArrayList<>();
    all.add(
        column(
            "Cluster",
            "The cluster the object is stored from (its label " + FleetScope.KEY + ")."));
    all.addAll(columns);
    return new TableLayout(
        all,
        (o, now) -> {
          List<Object> cells = new ArrayList<>();
          JsonObject labels = o.getJsonObject("metadata", new JsonObject()).getJsonObject("labels");
          cells.add(labels == null ? null : labels.getString(FleetScope.KEY));
          cells.addAll(this.cells.of(o, now));
          return cells;
        });
  }

  JsonArray definitions() {
    JsonArray out = new JsonArray();
    columns.forEach(c -> out.add(c.definition()));
    return out;
  }

  /** The Name column, which kubectl finds by its format. */
  static Column name() {
    return new Column(
        "Name",
        "string",
        "name",
        0,
        "Name must be unique within a namespace. It is required when creating resources, although"
            + " some resources may allow a client to request the generation of an appropriate name"
            + " automatically.");
  }

  /** The Age column. */
  static Column age() {
    return column(
        "Age",
        "CreationTimestamp is a timestamp representing the server time when this object was"
            + " created.");
  }

  static Column column(String name, String description) {
    return new Column(name, "string", "", 0, description);
  }

  static Column integer(String name, String description) {
    return new Column(name, "integer", "", 0, description);
  }

  static Column wide(String name, String description) {
    return new Column(name, "string", "", 1, description);
  }
}
