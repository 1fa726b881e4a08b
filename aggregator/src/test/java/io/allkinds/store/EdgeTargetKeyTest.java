package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A target's key is part of what is stored ({@code first_target}, {@code second_target}, {@code
 * object_edge_targets}): worked out without building strings, it stays the String hash of the texts
 * schema 10 defined, for every text.
 */
class EdgeTargetKeyTest {

  @Test
  void keysAreThoseStoredBefore() {
    assertEquals(
        -4781388643359315100L,
        EdgeTargetKey.of("c1", "apps", "ReplicaSet", "team-000", "app-1-7c9f8", true),
        "a ReplicaSet owning Pods");
    assertEquals(415188931325066L, EdgeTargetKey.of("c1", "", "Node", "", "node-3", false));
  }

  @Test
  void everyKeyIsTheHashOfItsTexts() {
    Random random = new Random(18);
    for (int i = 0; i < 2_000; i++) {
      String cluster = LineJoinedHashTest.text(random);
      String group = LineJoinedHashTest.text(random);
      String kind = LineJoinedHashTest.text(random);
      String namespace = LineJoinedHashTest.text(random);
      String name = LineJoinedHashTest.text(random);
      boolean owner = random.nextBoolean();
      assertEquals(
          byTexts(cluster, group, kind, namespace, name, owner),
          EdgeTargetKey.of(cluster, group, kind, namespace, name, owner),
          () -> String.join("|", cluster, group, kind, namespace, name) + "|" + owner);
    }
  }

  /** The definition: the String hashes of two texts, high and low. */
  private static long byTexts(
      String cluster, String group, String kind, String namespace, String name, boolean owner) {
    long high = (cluster + '\n' + namespace).hashCode();
    long low = (kind + '\n' + group + '\n' + name + (owner ? "\no" : "")).hashCode();
    return (high << 32) | (low & 0xFFFF_FFFFL);
  }
}
