package io.allkinds.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  private static KubernetesClientException tooManyRequests(Integer seconds) {
    return new KubernetesClientException(
        new StatusBuilder()
            .withCode(429)
            .withNewDetails()
            .withRetryAfterSeconds(seconds)
            .endDetails()
            .build());
  }

  @Test
  void readsTheStatusDetailsEvenWhenWrapped() {
    assertEquals(Duration.ofSeconds(7), Errors.retryAfter(tooManyRequests(7)));
    assertEquals(
        Duration.ofSeconds(3),
        Errors.retryAfter(new IllegalStateException("outer", tooManyRequests(3))));
  }

  @Test
  void absentOrZeroMeansNoRequest() {
    assertNull(Errors.retryAfter(tooManyRequests(null)));
    assertNull(Errors.retryAfter(tooManyRequests(0)));
    assertNull(Errors.retryAfter(new KubernetesClientException("no status")));
  }

  @Test
  void anAbsurdWaitIsCapped() {
    assertEquals(Duration.ofMinutes(10), Errors.retryAfter(tooManyRequests(86_400)));
  }

  @Test
  void theHeaderGivesSecondsOrNothing() {
    assertEquals(5, ListRequest.retryAfterHeader(List.of(" 5 ")));
    assertNull(ListRequest.retryAfterHeader(List.of("Wed, 21 Oct 2026 07:28:00 GMT")));
    assertNull(ListRequest.retryAfterHeader(List.of()));
    assertNull(ListRequest.retryAfterHeader(null));
  }
}
