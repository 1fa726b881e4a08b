package io.allkinds.kubeapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RenderingTest {

  @Test
  void kubectlsTableRequestIsATableAtV1() {
    Rendering r =
        Rendering.of(
            "application/json;as=Table;v=v1;g=meta.k8s.io,"
                + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json");
    assertTrue(r.table());
    assertEquals("meta.k8s.io/v1", r.tableApiVersion());
    assertEquals(
        "meta.k8s.io/v1beta1",
        Rendering.of("application/json; as=Table; g=meta.k8s.io; v=v1beta1").tableApiVersion());
  }

  @Test
  void plainOrAbsentOrUnknownAsFallsBackToJson() {
    assertFalse(Rendering.of(null).table());
    assertFalse(Rendering.of("application/json").table());
    assertFalse(Rendering.of("*/*").table());
    assertFalse(
        Rendering.of(
                "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json")
            .table());
    assertFalse(
        Rendering.of("application/vnd.kubernetes.protobuf, application/json;q=0.9").table());
  }

  @Test
  void nothingServableIsNotAcceptable() {
    KubeStatus s =
        assertThrows(KubeStatus.class, () -> Rendering.of("application/vnd.kubernetes.protobuf"));
    assertEquals(406, s.code());
    assertThrows(
        KubeStatus.class, () -> Rendering.of("application/json;as=Table;v=v2;g=meta.k8s.io"));
  }
}
