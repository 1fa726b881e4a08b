package io.allkinds.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** A small client for the aggregator's HTTP API, with deadline-bounded waits. */
public final class Api {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public Api(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
  public String base() {
    return base;
  }

  /** A GET answered with a status and a body. */
  public record Response(int status, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  public Response get(String pathAndQuery) {
    return get(pathAndQuery, null);
  }

  /** A GET with this {@code Accept} header (none when null). */
  public Response get(String pathAndQuery, String accept) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30));
      if (accept != null) {
        request.header("Accept", accept);
      }
      HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + pathAndQuery + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A POST without a body. */
  public Response post(String pathAndQuery) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(base + pathAndQuery))
              .timeout(Duration.ofSeconds(30))
              .POST(HttpRequest.BodyPublishers.noBody())
              .build();
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException("POST " + pathAndQuery + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** GETs a 200 JSON answer's {@code items}. */
  public JsonArray items(String pathAndQuery) {
    Response r = get(pathAndQuery);
    if (r.status() != 200) {
      throw new IllegalStateException(
          "GET " + pathAndQuery + " -> " + r.status() + ": " + r.body());
    }
    return r.json().getJsonArray("items");
  }

  /**
   * Every journal entry a {@code /api/v1/changes} query matches, following its {@code next} cursor
   * through short and empty pages (each request scans a bounded window of the journal).
   */
  public JsonArray changes(String query) {
    JsonArray all = new JsonArray();
    String after = null;
    for (int pages = 0; pages < 100_000; pages++) {
      Response r = get("/api/v1/changes?" + query + (after == null ? "" : "&after=" + after));
      if (r.status() != 200) {
        throw new IllegalStateException(
            "GET /api/v1/changes?" + query + " -> " + r.status() + ": " + r.body());
      }
      JsonObject page = r.json();
      page.getJsonArray("items").forEach(all::add);
      if (page.getValue("next") == null) {
        return all;
      }
      after = String.valueOf(page.getLong("next"));
    }
    throw new IllegalStateException("the changes cursor did not reach the journal's end");
  }

  public static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * Polls {@code read} until {@code done} holds, or fails after {@code timeout} showing the last
   * value.
   */
  public static <T> T await(String what, Duration timeout, Supplier<T> read, Predicate<T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    RuntimeException error = null;
    while (System.nanoTime() < deadline) {
      try {
        last = read.get();
        error = null;
        if (done.test(last)) {
          return last;
        }
      } catch (RuntimeException e) {
        error = e;
      }
      try {
        Thread.sleep(100); // polling interval of a deadline-bounded wait
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError(
        "timed out after " + timeout + " waiting for " + what + "; last seen: " + last, error);
  }
}
