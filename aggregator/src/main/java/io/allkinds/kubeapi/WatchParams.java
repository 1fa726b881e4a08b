package io.allkinds.kubeapi;

import io.vertx.core.MultiMap;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The parameters of a watch, as kube-apiserver takes them.
 *
 * @param resourceVersion the journal sequence number to go on after, or -1 for none given (or
 *     {@code 0}): the watch then opens with the current objects as ADDED events
 * @param timeout how long the watch runs before the server ends it (the client then watches again)
 * @param bookmarks whether BOOKMARK events are sent ({@code allowWatchBookmarks})
 * @param initialEvents {@code sendInitialEvents}: true to open with the objects as of the
 *     resourceVersion (then a BOOKMARK marking their end), false for none, null when not given
 */
record WatchParams(
    long resourceVersion, Duration timeout, boolean bookmarks, Boolean initialEvents) {

  /**
   * The longest watch: kube-apiserver ends a watch after a random time between its {@code
   * --min-request-timeout} (1800 s) and twice that; a longer {@code timeoutSeconds} is cut to it.
   */
  static final Duration MAX_TIMEOUT = Duration.ofHours(1);

  /** Whether the watch opens with the current (or as-of) objects as ADDED events. */
  boolean listsFirst() {
    return initialEvents != null ? initialEvents : resourceVersion < 0;
  }

  /** The watch parameters of {@code params}, null when it is no watch; a 400 Status when bad. */
  static WatchParams parse(MultiMap params) {
    String watch = params.get("watch");
    if (!"true".equals(watch) && !"1".equals(watch)) {
      return null;
    }
    String sendInitial = params.get("sendInitialEvents");
    Boolean initial = (sendInitial == null || sendInitial.isEmpty()) ? null : flag(sendInitial);
    boolean bookmarks = flag(params.get("allowWatchBookmarks"));
    if (Boolean.TRUE.equals(initial) && !bookmarks) {
      throw KubeStatus.badRequest("sendInitialEvents requires allowWatchBookmarks=true");
    }
    return new WatchParams(
        resourceVersion(params.get("resourceVersion")),
        timeout(params.get("timeoutSeconds")),
        bookmarks,
        initial);
  }

  private static long resourceVersion(String value) {
    if (value == null || value.isEmpty() || value.equals("0")) {
      return -1;
    }
    try {
      long rv = Long.parseLong(value);
      if (rv > 0) {
        return rv;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw KubeStatus.badRequest("invalid resource version: '" + value + "'");
  }

  private static Duration timeout(String value) {
    long jitter = ThreadLocalRandom.current().nextLong(MAX_TIMEOUT.toSeconds() / 2 + 1);
    Duration fallback = MAX_TIMEOUT.minusSeconds(jitter);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      long seconds = Long.parseLong(value);
      if (seconds >= 0) {
        return seconds == 0 ? fallback : Duration.ofSeconds(Math.min(seconds, 3600));
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw KubeStatus.badRequest(
        "timeoutSeconds must be a whole number of seconds, got '" + value + "'");
  }

  private static boolean flag(String value) {
    if (value == null || value.isEmpty() || value.equals("false") || value.equals("0")) {
      return false;
    }
    if (value.equals("true") || value.equals("1")) {
      return true;
    }
    throw KubeStatus.badRequest("expected true or false, got '" + value + "'");
  }
}
