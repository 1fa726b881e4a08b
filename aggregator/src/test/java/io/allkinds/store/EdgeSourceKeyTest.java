package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.model.ObjectKey;
import org.junit.jupiter.api.Test;

/**
 * Source keys: one type's sets in one namespace lie in one range of the index, which readers scan
 * for what names a ConfigMap there; and the keys, stored, never change between versions.
 */
class EdgeSourceKeyTest {

  @Test
  void aNamespacesSetsLieInItsRange() {
    long from = EdgeSourceKey.namespaceFrom("c", "", "pods", "shop");
    long to = EdgeSourceKey.namespaceTo("c", "", "pods", "shop");
    for (String name : new String[] {"", "web-1", "web-2", "db-0", "a-very-long-pod-name-x7k2p"}) {
      long key = EdgeSourceKey.of(new ObjectKey("c", "", "pods", "shop", name));
      assertTrue(from <= key && key <= to, name);
    }
    for (ObjectKey other :
        new ObjectKey[] {
          new ObjectKey("c", "", "pods", "shop2", "web-1"),
          new ObjectKey("c2", "", "pods", "shop", "web-1"),
          new ObjectKey("c", "", "services", "shop", "web-1"),
          new ObjectKey("c", "apps", "pods", "shop", "web-1")
        }) {
      long key = EdgeSourceKey.of(other);
      assertFalse(from <= key && key <= to, other.toString());
    }
    assertNotEquals(
        EdgeSourceKey.of(new ObjectKey("c", "", "pods", "shop", "web-1")),
        EdgeSourceKey.of(new ObjectKey("c", "", "pods", "shop", "web-2")));
  }

  @Test
  void keysStayTheSameFromVersionToVersion() {
    // Stored in every set: a change here would leave every stored set unfound.
    assertEquals(
        (((long) "c\n\npods\nshop".hashCode()) << 32) | ("web-1".hashCode() & 0xFFFF_FFFFL),
        EdgeSourceKey.of(new ObjectKey("c", "", "pods", "shop", "web-1")));
    assertEquals(
        4_065_073_759_056_349_683L,
        EdgeSourceKey.of(new ObjectKey("prod-eu", "apps", "replicasets", "shop", "web-7d9f")));
  }
}
