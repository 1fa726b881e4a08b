package io.allkinds.kubeapi;

import java.time.Duration;
import java.time.Instant;

/**
 * An object's age as kubectl prints it (apimachinery's {@code duration.HumanDuration}): {@code
 * 45s}, {@code 3m12s}, {@code 5h}, {@code 2d3h}, {@code 400d}, {@code 3y20d}.
 */
final class Age {

  private Age() {}

  /** The age at {@code now} of something created at {@code created}; {@code <unknown>} if null. */
  static String of(Instant created, Instant now) {
    return created == null ? "<unknown>" : format(Duration.between(created, now));
  }

  static String format(Duration d) {
    // whole seconds, truncated toward zero as Go's int(d.Seconds()) does
    long seconds = d.isNegative() ? -d.negated().toSeconds() : d.toSeconds();
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    } else if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    } else if (hours < 24 * 365 * 8) {
      long days = (hours / 24) % 365;
      return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
    }
    return hours / 24 / 365 + "y";
  }
}
