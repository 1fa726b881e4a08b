package io.allkinds.sink;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The {@code Retry-After} header (RFC 9110): seconds, or an HTTP date; capped, never negative. */
final class RetryAfter {

  /** The longest wait a receiver may ask for. */
  static final Duration MAX = Duration.ofMinutes(10);

  private RetryAfter() {}

  /** The wait {@code value} asks for at {@code now}; zero when absent or unreadable. */
  static Duration parse(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return Duration.ZERO;
    }
    String v = value.strip();
    Duration wait;
    if (v.chars().allMatch(Character::isDigit)) {
      wait = v.length() > 9 ? MAX : Duration.ofSeconds(Long.parseLong(v));
    } else {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        wait = Duration.between(now, at);
      } catch (DateTimeParseException e) {
        return Duration.ZERO;
      }
    }
    return wait.isNegative() ? Duration.ZERO : wait.compareTo(MAX) > 0 ? MAX : wait;
  }
}
