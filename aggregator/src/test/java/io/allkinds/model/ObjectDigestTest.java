package io.allkinds.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The stored digest and change facts survive odd characters, and compare as the writer needs. */
class ObjectDigestTest {

  private static final FieldManager ODD =
      new FieldManager("a,b|c=d%e\tf", "Update", "status", "2026-01-01T00:00:00Z");
  private static final FieldManager POD_KUBELET =
      new FieldManager("kubelet", "Update", "status", "2026-12-01T00:02:00Z", "6e48967f29add1c5");

  /** How many words format 2 names by number. */
  private static final int WORD_COUNT = 205;

  @Test
  void hashesStoredAsBase64UrlOfTheirBytesAreRead() {
    for (long v : new long[] {0, 1, -1, -5, Long.MAX_VALUE, Long.MIN_VALUE, 0x0123456789abcdefL}) {
      assertEquals(v, DigestText.hash(OldDigestText.hash(v)), "the form digests stored before");
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
    ObjectDigest back = ObjectDigest.decode(d.encode(), null);
    assertEquals(d.parts(), back.parts());
    assertEquals(d.managers(), back.managers());
    assertEquals(d.appliedBy(), back.appliedBy());
    assertEquals(d.edgesHash(), back.edgesHash());
    assertNull(back.edges(), "edges travel only to the writer");
    assertFalse(d.edgesDifferFrom(back));
    assertNull(ObjectDigest.decode(null, "something else"), "an unknown format is no digest");
    assertNull(ObjectDigest.decode(null, null));
  }

  @Test
  void digestsStoredAsTextBeforeFormat2AreReadAlike() {
    ObjectDigest d =
        ObjectDigest.of(
            Map.of("/spec/x,y", -5L, "/status", Long.MAX_VALUE),
            List.of(ODD, POD_KUBELET),
            "helm:ns/rel|x",
            List.of(new ObjectEdge(EdgeRelation.NODE, "", "Node", "", "n1", "")));
    String text = OldDigestText.of(d);
    for (ObjectDigest back :
        List.of(
            ObjectDigest.decode(null, text), // the text column, schema 9 and 10
            ObjectDigest.decode(text.getBytes(StandardCharsets.UTF_8), null))) { // 11 and 12
      assertEquals(d.parts(), back.parts());
      assertEquals(d.managers(), back.managers());
      assertEquals(d.appliedBy(), back.appliedBy());
      assertEquals(d.edgesHash(), back.edgesHash());
      assertEquals(DigestBytes.FORMAT, back.encode()[0], "written again in format 2");
      // The parts are stored in no set order, so the bytes are compared by what they decode to.
      ObjectDigest again = ObjectDigest.decode(back.encode(), null);
      assertEquals(d.parts(), again.parts());
      assertEquals(d.managers(), again.managers());
      assertEquals(d.appliedBy(), again.appliedBy());
      assertEquals(d.edgesHash(), again.edgesHash());
    }
  }

  @Test
  void aDigestAsVersion12StoredItIsRead() {
    // A ConfigMap's digest exactly as the writer of schema 12 stored it.
    String stored =
        "d1\n/data=rTGdnWw2Tec\t/metadata/labels=Pq3xyTIKzJo\t\n"
            + "kubectl-client-side-apply|Update||2026-12-01T00:01:00Z|5b9d0d3ff17f34c2\t\n\n0";
    ObjectDigest d = ObjectDigest.decode(stored.getBytes(StandardCharsets.UTF_8), null);
    assertEquals(Set.of("/data", "/metadata/labels"), d.parts().keySet());
    assertEquals(
        List.of(
            new FieldManager(
                "kubectl-client-side-apply",
                "Update",
                "",
                "2026-12-01T00:01:00Z",
                "5b9d0d3ff17f34c2")),
        d.managers());
    assertNull(d.appliedBy());
    assertEquals(0, d.edgesHash());
    assertEquals(stored, OldDigestText.of(d), "the tests' writer of the old form writes it alike");
  }

  @Test
  void format2NamesKnownWordsByNumberAndSpellsOutTheRest() {
    ObjectDigest pod =
        ObjectDigest.of(
            Map.of(
                "/metadata/labels", 1L,
                "/metadata/ownerReferences", 2L,
                "/spec/containers", 3L,
                "/spec/nodeName", 4L,
                "/status", 5L),
            List.of(POD_KUBELET),
            null,
            List.of());
    // 1 format, 1 count, 5 x (1 word + 8 hash), 1 count, 3 words, 5 seconds, 1 + 8 fields, 1 tool,
    // 8 edges' hash.
    assertEquals(1 + 1 + 5 * 9 + 1 + 3 + 5 + 9 + 1 + 8, pod.encode().length);
    assertEquals(DigestBytes.FORMAT, pod.encode()[0]);

    FieldManager odd = new FieldManager("ünïcode", "Weird", "sub", "yesterday", "0abc");
    ObjectDigest spelled =
        ObjectDigest.of(Map.of("/spec/ünïcode", 9L), List.of(odd), "", List.of());
    ObjectDigest back = ObjectDigest.decode(spelled.encode(), null);
    assertEquals(spelled.parts(), back.parts());
    assertEquals(List.of(odd), back.managers(), "a time and fields not in the usual form stay");
    assertEquals("", back.appliedBy());
  }

  @Test
  void timesAndFieldHashesInTheUsualFormAreStoredAsNumbers() {
    for (String t :
        List.of("1970-01-01T00:00:00Z", "2026-12-01T00:01:00Z", "2024-02-29T23:59:59Z")) {
      assertEquals(t, DigestBytes.timeOf(DigestBytes.secondsOf(t)));
    }
    for (String t :
        List.of("", "2026-02-30T00:00:00Z", "1969-12-31T23:59:59Z", "2026-12-01T00:01:00.5Z")) {
      assertEquals(-1, DigestBytes.secondsOf(t), t);
    }
    assertTrue(DigestBytes.isHexOfLong(Long.toHexString(-1L)));
    assertTrue(DigestBytes.isHexOfLong("0"));
    assertFalse(DigestBytes.isHexOfLong("0a"), "a leading zero would not come back");
    assertFalse(DigestBytes.isHexOfLong("ABC"));
    assertFalse(DigestBytes.isHexOfLong(""));
  }

  @Test
  void aDamagedDigestIsNoDigest() {
    byte[] stored = ObjectDigest.of(Map.of("/status", 1L), List.of(ODD), null, List.of()).encode();
    for (int cut = 1; cut < stored.length; cut++) {
      assertNull(ObjectDigest.decode(Arrays.copyOf(stored, cut), null), "cut at " + cut);
    }
    byte[] unknownWord = {DigestBytes.FORMAT, 1, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    assertNull(ObjectDigest.decode(unknownWord, null));
    byte[] hugeCount = {DigestBytes.FORMAT, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F};
    assertNull(ObjectDigest.decode(hugeCount, null));
  }

  @Test
  void formatTwoWordsAreFixed() {
    assertEquals(DigestWords.WORDS.size(), Set.copyOf(DigestWords.WORDS).size(), "no word twice");
    // The list is part of the stored format: these must never move.
    assertEquals(0, DigestWords.numberOf(""));
    assertEquals(8, DigestWords.numberOf("kube-controller-manager"));
    assertEquals(39, DigestWords.numberOf("/metadata/labels"));
    assertEquals(45, DigestWords.numberOf("/status"));
    assertEquals(WORD_COUNT, DigestWords.WORDS.size(), "words are only added with a new format");
    assertEquals(-1, DigestWords.numberOf("/spec/somethingNew"));
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
    assertArrayEquals(none.encode(), some.withoutEdges().encode());
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
