package io.allkinds.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FairShareTest {

  @Test
  void aLoneReplicaHoldsEveryCluster() {
    assertEquals(5, new FairShare(5, 1).share());
    assertEquals(0, new FairShare(0, 1).share());
  }

  @Test
  void theShareIsRoundedUpSoEveryClusterHasAReplica() {
    assertEquals(3, new FairShare(5, 2).share());
    assertEquals(2, new FairShare(6, 3).share());
    assertEquals(1, new FairShare(3, 5).share());
  }

  @Test
  void aReplicaHandsBackOnlyAboveItsShareAndTakesOnlyBelowIt() {
    FairShare fair = new FairShare(4, 2);
    assertTrue(fair.roomFor(1));
    assertFalse(fair.roomFor(2));
    assertFalse(fair.tooMany(2));
    assertTrue(fair.tooMany(3));
  }

  @Test
  void noReplicaAliveIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new FairShare(3, 0));
  }
}
