package io.allkinds.kubeapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FieldSelectorTest {

  @Test
  void equalityTermsNarrowAndMatch() {
    FieldSelector f = FieldSelector.parse("metadata.name=web, metadata.namespace==shop");
    assertEquals("web", f.equal(FieldSelector.NAME));
    assertEquals("shop", f.equal(FieldSelector.NAMESPACE));
    assertTrue(f.matches("shop", "web"));
    assertFalse(f.matches("shop", "api"));
    assertFalse(f.matches("other", "web"));
  }

  @Test
  void inequalityFiltersWithoutNarrowing() {
    FieldSelector f = FieldSelector.parse("metadata.name!=web");
    assertNull(f.equal(FieldSelector.NAME));
    assertFalse(f.matches("shop", "web"));
    assertTrue(f.matches("shop", "api"));
  }

  @Test
  void emptyMatchesEverythingAndEscapesAreHonoured() {
    assertEquals(List.of(), FieldSelector.parse("").terms());
    assertEquals(List.of(), FieldSelector.parse(null).terms());
    assertTrue(FieldSelector.parse(" ").matches("", "x"));
    assertEquals("a,b", FieldSelector.parse("metadata.name=a\\,b").equal(FieldSelector.NAME));
  }

  @Test
  void contradictoryTermsMatchNothing() {
    FieldSelector f = FieldSelector.parse("metadata.name=a,metadata.name=b");
    assertFalse(f.matches("", "a"));
    assertFalse(f.matches("", "b"));
  }

  @Test
  void otherFieldsAndBadSyntaxAreBadRequestsNamingThem() {
    KubeStatus unknown =
        assertThrows(KubeStatus.class, () -> FieldSelector.parse("spec.nodeName=n1"));
    assertEquals(400, unknown.code());
    assertTrue(unknown.getMessage().contains("spec.nodeName"), unknown.getMessage());
    assertEquals("BadRequest", unknown.toJson().getString("reason"));
    assertThrows(KubeStatus.class, () -> FieldSelector.parse("metadata.name"));
    assertThrows(KubeStatus.class, () -> FieldSelector.parse("=x"));
    assertThrows(KubeStatus.class, () -> FieldSelector.parse("metadata.name!x"));
  }
}
