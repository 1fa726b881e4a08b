package io.allkinds.web;

import io.allkinds.model.ObjectName;
import io.vertx.core.MultiMap;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * Typed, bounded reads of query parameters; anything malformed becomes a 400 that names the
 * parameter.
 */
final class Params {

  private static final int MAX_LENGTH = 1024;

  private final MultiMap params;

  /** The parameters of a route that takes {@code allowed}; any other one is a 400. */
  Params(MultiMap params, Set<String> allowed) {
    rejectUnknown(params, allowed);
    this.params = params;
  }

  /** Checks that a route that takes no parameters was given none; any is a 400. */
  static void expectNone(MultiMap params) {
    rejectUnknown(params, Set.of());
  }

  private static void rejectUnknown(MultiMap params, Set<String> allowed) {
    for (String name : params.names()) {
      if (!allowed.contains(name)) {
        throw ApiError.badParameter(
            name, "unknown parameter; expected one of " + allowed.stream().sorted().toList());
      }
    }
  }

  String string(String name) {
    List<String> all = params.getAll(name);
    if (all.isEmpty()) {
      return null;
    }
    if (all.size() > 1) {
      throw ApiError.badParameter(name, "given more than once");
    }
    return checked(name, all.get(0));
  }

  String required(String name) {
    String v = string(name);
    if (v == null || v.isEmpty()) {
      throw ApiError.badParameter(name, "required");
    }
    return v;
  }

  List<String> strings(String name) {
    List<String> all = params.getAll(name);
    if (all.size() > 100) {
      throw ApiError.badParameter(name, "given more than 100 times");
    }
    all.forEach(v -> checked(name, v));
    return all.stream().filter(v -> !v.isEmpty()).toList();
  }

  int integer(String name, int dflt, int min, int max) {
    String v = string(name);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw ApiError.badParameter(name, "must be from " + min + " to " + max + ", got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiError.badParameter(name, "not a whole number: '" + v + "'");
    }
  }

  long longValue(String name, long dflt) {
    String v = string(name);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v);
      if (n < 0) {
        throw ApiError.badParameter(name, "must not be negative");
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiError.badParameter(name, "not a whole number: '" + v + "'");
    }
  }

  boolean bool(String name) {
    String v = string(name);
    if (v == null || v.isEmpty()) {
      return false;
    }
    return switch (v) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw ApiError.badParameter(name, "expected true or false, got '" + v + "'");
    };
  }

  /**
   * The one object that {@code cluster}, {@code apiVersion}, {@code kind}, {@code name} (all
   * required) and {@code namespace} (absent for a cluster-scoped object) name.
   */
  ObjectName objectName() {
    String cluster = required("cluster");
    ApiVersion av = ApiVersion.parse(required("apiVersion"));
    return new ObjectName(
        cluster, av.group(), av.version(), required("kind"), string("namespace"), required("name"));
  }

  Instant time(String name) {
    String v = string(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiError.badParameter(
          name, "expected an RFC 3339 time such as 2026-11-24T02:00:00Z, got '" + v + "'");
    }
  }

  private static String checked(String name, String value) {
    if (value.length() > MAX_LENGTH) {
      throw ApiError.badParameter(name, "longer than " + MAX_LENGTH + " characters");
    }
    return value;
  }
}
