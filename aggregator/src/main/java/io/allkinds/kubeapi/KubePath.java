package io.allkinds.kubeapi;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@code /k8s} request path taken apart: the cluster ({@code /k8s/clusters/{cluster}}, or null
 * for the whole fleet at {@code /k8s/fleet}), the instant of an {@code /at/{instant}} root (null
 * for now), and what the path asks of that root as kube-apiserver's paths do.
 *
 * @param group the API group ('' for the core group), when the path names one
 * @param namespace the namespace of a namespaced path, else null
 */
record KubePath(
    String cluster,
    Instant at,
    Target target,
    String group,
    String version,
    String namespace,
    String resource,
    String name) {

  /** What a path asks for. */
  enum Target {
    ROOT,
    VERSION,
    CORE_VERSIONS,
    GROUPS,
    GROUP,
    RESOURCES,
    LIST,
    GET
  }

  private static final String PREFIX = "/k8s/clusters/";
  private static final String FLEET = "/k8s/fleet";

  /** Whether the path is of the fleet root, every cluster at once. */
  boolean fleet() {
    return cluster == null;
  }

  /** The clusters the path reads: its cluster, or none named (every one) for the fleet. */
  List<String> clusters() {
    return cluster == null ? List.of() : List.of(cluster);
  }

  /**
   * The parts of {@code path} (as sent, percent-encoded); null for a path that no kube-apiserver
   * serves; a 400 Status for an instant that is not RFC 3339.
   */
  static KubePath parse(String path) {
    boolean fleet = path.equals(FLEET) || path.startsWith(FLEET + "/");
    if (!path.startsWith(PREFIX) && !fleet) {
      return null;
    }
    String rest = fleet ? path.substring(FLEET.length()) : path.substring(PREFIX.length());
    if (fleet && rest.startsWith("/")) {
      rest = rest.substring(1);
    }
    List<String> s = new ArrayList<>(Arrays.asList(rest.split("/", -1)));
    if (!s.isEmpty() && s.get(s.size() - 1).isEmpty()) {
      s.remove(s.size() - 1); // one trailing slash
    }
    List<String> segments = new ArrayList<>();
    for (String raw : s) {
      String segment = decode(raw);
      if (segment == null || segment.isEmpty()) {
        return null;
      }
      segments.add(segment);
    }
    if (fleet) {
      segments.add(0, null); // no cluster
    } else if (segments.isEmpty()) {
      return null;
    }
    String cluster = segments.remove(0);
    Instant at = null;
    if (!segments.isEmpty() && segments.get(0).equals("at")) {
      if (segments.size() < 2) {
        return null;
      }
      at = instant(segments.get(1));
      segments = segments.subList(2, segments.size());
    }
    return api(cluster, at, segments);
  }

  private static KubePath api(String cluster, Instant at, List<String> s) {
    if (s.isEmpty()) {
      return of(cluster, at, Target.ROOT, null, null);
    }
    String first = s.get(0);
    if (s.size() == 1) {
      return switch (first) {
        case "version" -> of(cluster, at, Target.VERSION, null, null);
        case "api" -> of(cluster, at, Target.CORE_VERSIONS, "", null);
        case "apis" -> of(cluster, at, Target.GROUPS, null, null);
        default -> null;
      };
    }
    if (first.equals("api")) {
      return objects(cluster, at, "", s.get(1), s.subList(2, s.size()));
    }
    if (!first.equals("apis")) {
      return null;
    }
    if (s.size() == 2) {
      return of(cluster, at, Target.GROUP, s.get(1), null);
    }
    return objects(cluster, at, s.get(1), s.get(2), s.subList(3, s.size()));
  }

  /** What follows a group version: nothing (its resources), a list or a get. */
  private static KubePath objects(
      String cluster, Instant at, String group, String version, List<String> s) {
    String ns = null;
    List<String> rest = s;
    if (s.size() >= 3 && s.get(0).equals("namespaces")) {
      ns = s.get(1);
      rest = s.subList(2, s.size());
    }
    return switch (rest.size()) {
      case 0 -> new KubePath(cluster, at, Target.RESOURCES, group, version, null, null, null);
      case 1 -> new KubePath(cluster, at, Target.LIST, group, version, ns, rest.get(0), null);
      case 2 -> new KubePath(cluster, at, Target.GET, group, version, ns, rest.get(0), rest.get(1));
      default -> null; // subresources are not served
    };
  }

  private static KubePath of(String cluster, Instant at, Target target, String group, String v) {
    return new KubePath(cluster, at, target, group, v, null, null, null);
  }

  private static Instant instant(String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw KubeStatus.badRequest(
          "the instant after /at/ must be an RFC 3339 time such as 2026-12-01T02:00:00Z, got '"
              + value
              + "'");
    }
  }

  /** A path segment percent-decoded ('+' stays '+'), or null when it does not decode. */
  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
