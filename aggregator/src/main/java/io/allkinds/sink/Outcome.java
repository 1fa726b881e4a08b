package io.allkinds.sink;

import java.time.Duration;

/**
 * How a receiver answered one request: accepted (a 2xx), refused for good unless the sink allows
 * more tries (a 4xx other than 408 and 429), or to be retried (anything else, or no answer), with
 * the wait the receiver asked for ({@code Retry-After}), if any.
 */
record Outcome(Kind kind, int status, String error, Duration retryAfter) {

  /** The three ways a request ends. */
  enum Kind {
    ACCEPTED,
    REFUSED,
    RETRY
  }

  static final Outcome ACCEPTED = new Outcome(Kind.ACCEPTED, 200, null, Duration.ZERO);

  /** The outcome of an answer with {@code status}. */
  static Outcome ofStatus(int status, String reason, Duration retryAfter, String url) {
    if (status >= 200 && status < 300) {
      return new Outcome(Kind.ACCEPTED, status, null, Duration.ZERO);
    }
    String error = "HTTP " + status + (reason == null ? "" : " " + reason) + " from " + url;
    boolean refused = status >= 400 && status < 500 && status != 408 && status != 429;
    return new Outcome(refused ? Kind.REFUSED : Kind.RETRY, status, error, retryAfter);
  }

  /** No answer: a connection or timeout error. */
  static Outcome unreachable(Throwable cause, String url) {
    String what =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new Outcome(Kind.RETRY, 0, what + " (" + url + ")", Duration.ZERO);
  }
}
