package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.model.EventType;
import io.allkinds.model.JournalEntry;
import io.allkinds.model.LabelRequirement;
import io.allkinds.model.ObjectQuery;
import io.allkinds.model.ObjectSummary;
import io.allkinds.model.ResourceType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The as-of rebuild of one object from its journal entry and body, without a store. */
class AsOfObjectTest {

  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);
  private static final ResourceType NODE = new ResourceType("", "v1", "nodes", "Node", false);
  private static final Instant OBSERVED = Instant.parse("2026-03-01T10:00:00Z");
  private static final byte[] BODY =
      ("{\"metadata\":{\"name\":\"cart\",\"creationTimestamp\":\"2026-01-02T03:04:05Z\","
              + "\"labels\":{\"tier\":\"Web\",\"team\":\"payments\"}}}")
          .getBytes(StandardCharsets.UTF_8);

  private static JournalEntry entry(ResourceType type, String namespace, EventType event) {
    return new JournalEntry(
        7, "c1", type, namespace, "cart", "u1", event, OBSERVED, "42", null, null);
  }

  private static ObjectQuery query(List<LabelRequirement> selector, String text) {
    return new ObjectQuery(
        List.of(),
        null,
        null,
        null,
        null,
        null,
        null,
        selector,
        text,
        true,
        false,
        100,
        null,
        null,
        Instant.now());
  }

  @Test
  void labelsAndCreationTimeComeFromTheBodyTheRestFromTheEntry() {
    ObjectSummary s =
        AsOfObject.rebuild(entry(CM, "shop", EventType.MODIFIED), BODY, query(List.of(), null))
            .orElseThrow();
    assertEquals("{\"tier\":\"Web\",\"team\":\"payments\"}", s.labelsJson(), "in body order");
    assertEquals(Instant.parse("2026-01-02T03:04:05Z"), s.createdAt());
    assertEquals(OBSERVED, s.observedAt());
    assertEquals("c1", s.cluster());
    assertEquals(CM, s.type());
    assertEquals("shop", s.namespace());
    assertEquals("u1", s.uid());
    assertEquals("42", s.resourceVersion());
    assertEquals(7, s.seq());
    assertFalse(s.deleted());
    assertNull(s.objectJson(), "the body is handed to the sink, not copied into the summary");
  }

  @Test
  void aDeletionIsShownAsDeleted() {
    assertTrue(
        AsOfObject.rebuild(entry(CM, "shop", EventType.DELETED), BODY, query(List.of(), null))
            .orElseThrow()
            .deleted());
  }

  @Test
  void theSelectorAndTheTextFilterTheLabelsOfThatTime() {
    JournalEntry e = entry(CM, "shop", EventType.ADDED);
    LabelRequirement web =
        new LabelRequirement("tier", LabelRequirement.Operator.EQUALS, List.of("Web"));
    LabelRequirement db =
        new LabelRequirement("tier", LabelRequirement.Operator.EQUALS, List.of("db"));
    assertTrue(AsOfObject.rebuild(e, BODY, query(List.of(web), null)).isPresent());
    assertTrue(AsOfObject.rebuild(e, BODY, query(List.of(db), null)).isEmpty());
    assertTrue(AsOfObject.rebuild(e, BODY, query(List.of(), "PAYM")).isPresent(), "label value");
    assertTrue(AsOfObject.rebuild(e, BODY, query(List.of(), "sho")).isPresent(), "namespace");
    assertTrue(AsOfObject.rebuild(e, BODY, query(List.of(), "team")).isEmpty(), "not label keys");
  }

  @Test
  void aClusterScopedObjectWithoutLabelsOrCreationTime() {
    ObjectSummary s =
        AsOfObject.rebuild(
                entry(NODE, null, EventType.ADDED),
                "{\"metadata\":{\"name\":\"cart\"}}".getBytes(StandardCharsets.UTF_8),
                query(List.of(), "car"))
            .orElseThrow();
    assertNull(s.namespace());
    assertEquals("{}", s.labelsJson());
    assertNull(s.createdAt());
  }

  @Test
  void aBodyThatIsNotJsonIsAnErrorNotAnEmptyObject() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                AsOfObject.rebuild(
                    entry(CM, "shop", EventType.ADDED),
                    "{not json".getBytes(StandardCharsets.UTF_8),
                    query(List.of(), null)));
    assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
  }
}
