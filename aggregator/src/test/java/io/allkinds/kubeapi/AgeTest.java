package io.allkinds.kubeapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Ages print as kubectl's (apimachinery's HumanDuration) do, at every step of its scale. */
class AgeTest {

  @Test
  void formatsLikeKubectl() {
    assertEquals("0s", Age.format(Duration.ofMillis(-500)));
    assertEquals("<invalid>", Age.format(Duration.ofSeconds(-5)));
    assertEquals("5s", Age.format(Duration.ofSeconds(5)));
    assertEquals("119s", Age.format(Duration.ofSeconds(119)));
    assertEquals("2m", Age.format(Duration.ofMinutes(2)));
    assertEquals("3m12s", Age.format(Duration.ofSeconds(192)));
    assertEquals("10m", Age.format(Duration.ofMinutes(10).plusSeconds(30)));
    assertEquals("179m", Age.format(Duration.ofMinutes(179)));
    assertEquals("3h", Age.format(Duration.ofHours(3)));
    assertEquals("5h30m", Age.format(Duration.ofMinutes(330)));
    assertEquals("47h", Age.format(Duration.ofHours(47)));
    assertEquals("2d", Age.format(Duration.ofDays(2)));
    assertEquals("2d3h", Age.format(Duration.ofHours(51)));
    assertEquals("8d", Age.format(Duration.ofHours(24 * 8 + 5)));
    assertEquals("400d", Age.format(Duration.ofDays(400)));
    assertEquals("2y", Age.format(Duration.ofDays(730)));
    assertEquals("3y20d", Age.format(Duration.ofDays(3 * 365 + 20)));
    assertEquals("10y", Age.format(Duration.ofDays(3650)));
  }

  @Test
  void unknownCreationTimeIsSaid() {
    assertEquals("<unknown>", Age.of(null, Instant.now()));
    Instant t = Instant.parse("2026-12-01T02:00:00Z");
    assertEquals("90s", Age.of(t.minusSeconds(90), t));
  }
}
