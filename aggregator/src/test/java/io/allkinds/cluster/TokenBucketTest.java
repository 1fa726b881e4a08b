package io.allkinds.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Test
  void aFullBucketServesItsBurstAtOnceThenOneTokenPerInterval() {
    TokenBucket bucket = new TokenBucket(10, 3, now::get);
    assertEquals(0, bucket.reserve());
    assertEquals(0, bucket.reserve());
    assertEquals(0, bucket.reserve());
    assertEquals(100_000_000L, bucket.reserve(), "the 4th waits one interval (1/10 s)");
    assertEquals(200_000_000L, bucket.reserve(), "the 5th waits behind the 4th");
  }

  @Test
  void tokensComeBackWithTimeButNeverBeyondTheBurst() {
    TokenBucket bucket = new TokenBucket(10, 2, now::get);
    bucket.reserve();
    bucket.reserve();
    now.addAndGet(10_000_000_000L); // 10 s idle: 100 tokens' worth, but the bucket holds 2
    assertEquals(0, bucket.reserve());
    assertEquals(0, bucket.reserve());
    assertEquals(100_000_000L, bucket.reserve());
  }

  @Test
  void retryAfterHoldsEveryRequestBackUntilItPasses() {
    TokenBucket bucket = new TokenBucket(100, 100, now::get);
    bucket.pause(5_000_000_000L);
    assertEquals(5_000_000_000L, bucket.reserve());
    bucket.pause(1_000_000_000L);
    now.addAndGet(2_000_000_000L);
    assertEquals(
        3_000_000_000L, bucket.reserve(), "a shorter pause does not cut a longer one short");
    now.addAndGet(3_000_000_000L);
    assertEquals(0, bucket.reserve());
  }

  @Test
  void aSixtyTypeDiscoveryPassesTheDefaultLimitWithoutWaiting() {
    TokenBucket bucket = new TokenBucket(50, 100, now::get);
    long waited = 0;
    for (int i = 0; i < 61; i++) { // the group list, then one request per group version
      waited += bucket.reserve();
    }
    assertEquals(0, waited);
  }

  @Test
  void rejectsANonPositiveRate() {
    assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, now::get));
  }
}
