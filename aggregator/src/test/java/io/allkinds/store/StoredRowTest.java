package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How the writer compares an incoming object with its stored row. */
class StoredRowTest {

  private static final StoredRow LIVE = new StoredRow("u1", "12", false, 3, "{}", 7, null, 1);

  @Test
  void olderResourceVersionsAreRecognisedOnlyWhenBothAreIntegers() {
    assertTrue(StoredRow.notNewer("12", "12"));
    assertTrue(StoredRow.notNewer("9", "12"));
    assertFalse(StoredRow.notNewer("13", "12"));
    assertFalse(StoredRow.notNewer("abc", "12"), "opaque versions: only equality counts");
    assertFalse(StoredRow.notNewer("12", "x12"));
    assertFalse(StoredRow.notNewer("99999999999999999999", "1"), "too long to compare as a number");
  }

  @Test
  void aLiveRowAlreadyHasItsVersionAndOlderOnesOfTheSameUid() {
    assertTrue(LIVE.alreadyHas("u1", "12"));
    assertTrue(LIVE.alreadyHas("u1", "11"));
    assertFalse(LIVE.alreadyHas("u1", "13"));
    assertFalse(LIVE.alreadyHas("u2", "12"), "another uid is another object");
    assertFalse(LIVE.asDeleted(2).alreadyHas("u1", "12"), "a deleted row has nothing live");
  }

  @Test
  void onlyALiveRowOfAnotherUidStandsForARecreatedObject() {
    assertTrue(LIVE.liveWithOtherUid("u2"));
    assertFalse(LIVE.liveWithOtherUid("u1"));
    assertFalse(LIVE.asDeleted(2).liveWithOtherUid("u2"));
  }
}
