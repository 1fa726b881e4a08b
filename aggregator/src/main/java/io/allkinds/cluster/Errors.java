package io.allkinds.cluster;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an exception chain into one line a user can act on (fabric8's outer messages are often
 * generic), with anything that looks like a credential taken out: kubeconfig and exec-plugin errors
 * can quote tokens, passwords, keys and certificates, and this line is logged and served.
 */
final class Errors {

  private static final List<Pattern> CREDENTIALS =
      List.of(
          Pattern.compile("-----BEGIN [A-Z ]+-----[\\s\\S]*?(-----END [A-Z ]+-----|$)"),
          Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+"),
          Pattern.compile(
              "(?i)((?:token|password|passwd|secret|client-key-data|client-certificate-data"
                  + "|certificate-authority-data|id-token|refresh-token)[\"']?\\s*[:=]\\s*[\"']?)[^\\s\"',}]+"),
          Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*"),
          Pattern.compile(
              "(?=[A-Za-z0-9+/=_-]*[0-9])(?=[A-Za-z0-9+/=_-]*[A-Z])[A-Za-z0-9+/=_-]{48,}"));

  private Errors() {}

  /** {@code text} with every credential-like part replaced by {@code ***}. */
  static String scrub(String text) {
    String out = text;
    for (Pattern p : CREDENTIALS) {
      Matcher m = p.matcher(out);
      StringBuilder b = new StringBuilder();
      while (m.find()) {
        boolean keepsLabel =
            m.groupCount() > 0 && m.group(1) != null && !m.group(1).startsWith("-----END");
        m.appendReplacement(b, Matcher.quoteReplacement(keepsLabel ? m.group(1) + "***" : "***"));
      }
      m.appendTail(b);
      out = b.toString();
    }
    return out;
  }

  static String describe(Throwable e) {
    List<String> parts = new ArrayList<>();
    for (Throwable t = e; t != null && parts.size() < 4; t = t.getCause()) {
      String m =
          t instanceof KubernetesClientException k
                  && k.getStatus() != null
                  && k.getStatus().getMessage() != null
              ? k.getStatus().getMessage()
              : t.getMessage();
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
    return scrub(String.join(": ", parts));
  }

  /**
   * How long a server asked us to wait (a 429's Retry-After, from its Status details or header), or
   * null when it did not ask.
   */
  static Duration retryAfter(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof KubernetesClientException k
          && k.getStatus() != null
          && k.getStatus().getDetails() != null) {
        Integer seconds = k.getStatus().getDetails().getRetryAfterSeconds();
        if (seconds != null && seconds > 0) {
          return Duration.ofSeconds(Math.min(seconds, 600));
        }
      }
    }
    return null;
  }
}
