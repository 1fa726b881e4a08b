package io.allkinds.cluster;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Turns an exception chain into one line a user can act on (fabric8's outer messages are often generic). */
final class Errors {

  private Errors() {}

  static String describe(Throwable e) {
    List<String> parts = new ArrayList<>();
    for (Throwable t = e; t != null && parts.size() < 4; t = t.getCause()) {
      String m = t instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null
          ? k.getStatus().getMessage() : t.getMessage();
      if (m == null || m.isBlank() || m.equals("An error has occurred.")) {
        m = t.getCause() == null ? t.getClass().getSimpleName() : null;
      }
      final String part = m;
      if (part != null && parts.stream().noneMatch(p -> p.contains(part))) {
        parts.add(part);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return String.join(": ", parts);
  }

  /**
   * How long a server asked us to wait (a 429's Retry-After, from its Status details or header), or
   * null when it did not ask.
   */
  static Duration retryAfter(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getDetails() != null) {
        Integer seconds = k.getStatus().getDetails().getRetryAfterSeconds();
        if (seconds != null && seconds > 0) {
          return Duration.ofSeconds(Math.min(seconds, 600));
        }
      }
    }
    return null;
  }
}
