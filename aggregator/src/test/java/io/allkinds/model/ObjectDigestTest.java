package io.allkinds.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stored digest and change facts survive odd characters, and compare as the writer needs. */
class ObjectDigestTest {

  private static final FieldManager ODD =
      new FieldManager("a,b|c=d%e\tf", "Update", "status", "2026-01-01T00:00:00Z");

  @Test
  void hashesAreStoredAsBase64UrlOfTheirBytes() {
    for (long v : new long[] {0, 1, -1, -5, Long.MAX_VALUE, Long.MIN_VALUE, 0x0123456789abcdefL}) {
      StringBuilder out = new StringBuilder();
      ObjectDigest.appendHash(out, v);
      String expected =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(ByteBuffer.allocate(Long.BYTES).putLong(v).array());
      assertEquals(expected, out.toString(), "the form digests stored before were written in");
      assertEquals(v, ObjectDigest.hash(out.toString()));
    }
  }

  @Test
  void encodedDigestDecodesToTheSameValues() {
    ObjectDigest d =
        ObjectDigest.of(
            Map.of("/spec/x,y", -5L, "/status", Long.MAX_VALUE, "/data", 0L),
            List.of(ODD),
            "helm:ns/rel|x",
            List.of(new ObjectEdge(EdgeRelation.OWNER, "apps", "ReplicaSet", "ns", "r", "u")));
    ObjectDigest back = ObjectDigest.decode(d.encode());
    assertEquals(d.parts(), back.parts());
    assertEquals(d.managers(), back.managers());
    assertEquals(d.appliedBy(), back.appliedBy());
    assertEquals(d.edgesHash(), back.edgesHash());
    assertNull(back.edges(), "edges travel only to the writer");
    assertFalse(d.edgesDifferFrom(back));
    assertNull(ObjectDigest.decode("something else"), "an unknown format is no digest");
  }

  @Test
  void withoutEdgesIsStoredAsADigestMadeWithNone() {
    Map<String, Long> parts = Map.of("/spec/x", 7L, "/status", -1L);
    ObjectDigest none = ObjectDigest.of(parts, List.of(ODD), "helm:ns/rel", List.of());
    ObjectDigest some =
        ObjectDigest.of(
            parts,
            List.of(ODD),
            "helm:ns/rel",
            List.of(new ObjectEdge(EdgeRelation.NODE, "", "Node", "", "n1", "")));
    assertEquals(none.encode(), some.withoutEdges().encode());
    assertEquals(0, some.withoutEdges().edgesHash());
    assertTrue(some.withoutEdges().edges().isEmpty());
  }

  @Test
  void changedPathsAndActorsCompareTwoVersions() {
    FieldManager alice = new FieldManager("alice", "Apply", "", "t1");
    ObjectDigest v1 =
        ObjectDigest.of(Map.of("/spec/a", 1L, "/status", 2L), List.of(alice), null, List.of());
    ObjectDigest v2 =
        ObjectDigest.of(
            Map.of("/spec/a", 1L, "/spec/b", 3L),
            List.of(new FieldManager("alice", "Apply", "", "t2"), ODD),
            null,
            List.of());
    assertEquals(List.of("/spec/b", "/status"), v2.changedSince(v1), "added and removed paths");
    assertEquals(2, v2.actorsSince(v1).size(), "a moved time and a new manager");
    assertTrue(v1.actorsSince(v1).isEmpty());
    ObjectDigest sameSecond =
        ObjectDigest.of(
            Map.of(), List.of(new FieldManager("alice", "Apply", "", "t1", "f2")), null, List.of());
    assertEquals(
        List.of("alice"),
        sameSecond.actorsSince(v1).stream().map(FieldManager::manager).toList(),
        "a second write within the same second shows in the managed field set");
    ObjectDigest takenOver =
        ObjectDigest.of(
            Map.of(),
            List.of(
                new FieldManager("alice", "Apply", "", "t1", "fewer"),
                new FieldManager("bob", "Update", "", "t2", "f")),
            null,
            List.of());
    assertEquals(
        List.of("bob"),
        takenOver.actorsSince(v1).stream().map(FieldManager::manager).toList(),
        "a manager that only lost fields to another is not named");
  }

  @Test
  void storedFactsRoundTrip() {
    ChangeFacts f = new ChangeFacts(List.of("/spec/x,y", "/status"), List.of(ODD), "argocd:app");
    ChangeFacts back = ChangeFacts.fromStored(f.storedChanged(), f.storedActors(), f.appliedBy());
    assertEquals(f.changed(), back.changed());
    assertEquals(ODD.manager(), back.actors().get(0).manager());
    assertEquals("status", back.actors().get(0).subresource());
    assertTrue(back.madeBy("argocd") && back.madeBy(ODD.manager()) && !back.madeBy("a"));
    assertTrue(back.touches("/spec") && back.touches("/status/x") && !back.touches("/data"));
    assertEquals(List.of(), ChangeFacts.fromStored("", null, null).changed(), "bookkeeping only");
  }
}
