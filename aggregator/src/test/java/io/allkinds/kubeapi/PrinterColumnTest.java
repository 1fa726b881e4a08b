package io.allkinds.kubeapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrinterColumnTest {

  private static final JsonObject OBJECT =
      new JsonObject(
          """
          {"spec": {"size": 3, "ports": [{"port": 80}, {"port": 443}]},
           "status": {"conditions": [{"type": "Ready", "status": "True"},
                                     {"type": "Synced", "status": "False"}]}}
          """);

  @Test
  void simpleJsonPathsFindTheFirstValue() {
    assertEquals(3, PrinterColumn.find(OBJECT, ".spec.size"));
    assertEquals(443, PrinterColumn.find(OBJECT, ".spec.ports[1].port"));
    assertEquals(80, PrinterColumn.find(OBJECT, ".spec.ports[*].port"));
    assertEquals(
        "False", PrinterColumn.find(OBJECT, ".status.conditions[?(@.type==\"Synced\")].status"));
    assertEquals(
        "True", PrinterColumn.find(OBJECT, "{.status.conditions[?(@.type=='Ready')].status}"));
    assertNull(PrinterColumn.find(OBJECT, ".spec.missing.deeper"));
    assertNull(PrinterColumn.find(OBJECT, ".spec.ports[7].port"));
    assertNull(PrinterColumn.find(OBJECT, ".spec.size[0]"));
  }

  @Test
  void columnsComeFromTheCrdVersionAsked() {
    JsonObject crd =
        new JsonObject(
            """
            {"spec": {"versions": [
              {"name": "v1", "additionalPrinterColumns": [
                {"name": "Size", "type": "integer", "jsonPath": ".spec.size"},
                {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp",
                 "priority": 1}]},
              {"name": "v2"}]}}
            """);
    List<PrinterColumn> v1 = PrinterColumn.of(crd, "v1");
    assertEquals(List.of("Size", "Age"), v1.stream().map(PrinterColumn::name).toList());
    assertEquals(1, v1.get(1).priority());
    assertEquals(List.of(), PrinterColumn.of(crd, "v2"));
    assertEquals(List.of(), PrinterColumn.of(new JsonObject(), "v1"));
  }
}
