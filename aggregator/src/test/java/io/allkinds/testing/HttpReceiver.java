package io.allkinds.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real HTTP receiver of CloudEvents for the sink tests: it records every event it accepted (2xx),
 * answers 500 to a fraction of requests at random, 400 to the events a predicate picks, and can go
 * down and come back up on the same port. Thread-safe.
 */
public final class HttpReceiver implements AutoCloseable {

  /**
   * One CloudEvent as a receiver saw it: its attributes ({@code id}, {@code type}, {@code
   * subject}...; in binary mode the {@code ce-*} headers without their prefix), its data as text,
   * and when and in which request (numbered from 1, with its content type) it arrived.
   */
  public record Event(
      Instant arrivedAt,
      int request,
      String contentType,
      Map<String, String> attributes,
      String data) {

    /** The {@code id} attribute as the journal sequence number it carries. */
    public long seq() {
      return Long.parseLong(attributes.get("id"));
    }

    /** An attribute ({@code type}, {@code subject}, {@code source}...), or null. */
    public String attribute(String name) {
      return attributes.get(name);
    }
  }

  /** One request as answered: when it arrived, its status, and its headers (names lower case). */
  public record Answer(int request, Instant arrivedAt, int status, Map<String, String> headers) {}

  private final Vertx vertx = Vertx.vertx();
  private final List<Answer> answers = new ArrayList<>();
  private int retryAfterTimes;
  private int retryAfterSeconds;
  private final Random random;
  private final List<Event> accepted = new ArrayList<>();
  private int port;
  private HttpServer server;
  private double failFraction;
  private Predicate<Event> refuse = e -> false;
  private int answered500;
  private int answered400;
  private int requests;

  private HttpReceiver(long seed) {
    this.random = new Random(seed);
  }

  /** Starts a receiver on 127.0.0.1 and a free port, accepting everything. */
  public static HttpReceiver start(long seed) {
    HttpReceiver r = new HttpReceiver(seed);
    r.listen(0);
    return r;
  }

  /** The URL sinks post to. */
  public synchronized String url() {
    return "http://127.0.0.1:" + port + "/events";
  }

  /** Answers 500 to this fraction (0..1) of requests, drawn from the seeded random. */
  public synchronized void failFraction(double fraction) {
    this.failFraction = fraction;
  }

  /** Answers 400 to a request holding an event this predicate picks (never when null). */
  public synchronized void refuse(Predicate<Event> predicate) {
    this.refuse = predicate == null ? e -> false : predicate;
  }

  /** Answers 503 with {@code Retry-After: seconds} to the next {@code times} requests. */
  public synchronized void retryAfter(int times, int seconds) {
    this.retryAfterTimes = times;
    this.retryAfterSeconds = seconds;
  }

  /** Every request answered so far, in the order of the answers. */
  public synchronized List<Answer> answers() {
    return List.copyOf(answers);
  }

  /** Closes the server: connections are refused until {@link #up()}. */
  public void down() {
    HttpServer s;
    synchronized (this) {
      s = server;
      server = null;
    }
    if (s != null) {
      join(s.close(), "close the receiver");
    }
  }

  /** Listens again on the port it had. */
  public void up() {
    int p;
    synchronized (this) {
      if (server != null) {
        return;
      }
      p = port;
    }
    listen(p);
  }

  /** Whether the server is listening. */
  public synchronized boolean isUp() {
    return server != null;
  }

  /** A copy of the events accepted so far, in the order they were accepted. */
  public synchronized List<Event> accepted() {
    return List.copyOf(accepted);
  }

  /** The sequence numbers accepted so far, in the order they were accepted. */
  public synchronized List<Long> acceptedSeqs() {
    return accepted.stream().map(Event::seq).toList();
  }

  /** How many requests were answered 500 so far. */
  public synchronized int answered500() {
    return answered500;
  }

  /** How many requests were answered 400 so far. */
  public synchronized int answered400() {
    return answered400;
  }

  /** How many requests arrived so far, whatever their answer. */
  public synchronized int requests() {
    return requests;
  }

  private void listen(int wanted) {
    HttpServer s =
        join(
            vertx.createHttpServer().requestHandler(this::handle).listen(wanted, "127.0.0.1"),
            "listen on port " + wanted);
    synchronized (this) {
      server = s;
      port = s.actualPort();
    }
  }

  private void handle(HttpServerRequest request) {
    Instant at = Instant.now();
    int number = nextRequest();
    request
        .body()
        .onFailure(e -> request.response().setStatusCode(400).end())
        .onSuccess(
            body -> {
              List<Event> events;
              try {
                events = events(request, body, at, number);
              } catch (RuntimeException e) {
                request.response().setStatusCode(400).end("unreadable event: " + e.getMessage());
                return;
              }
              int status = decide(events);
              record(new Answer(number, at, status, headers(request.headers())));
              int retryAfter = retryAfterSeconds();
              if (status == 503 && retryAfter > 0) {
                request.response().putHeader("Retry-After", String.valueOf(retryAfter));
              }
              request.response().setStatusCode(status).end();
            });
  }

  private synchronized int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  private synchronized void record(Answer answer) {
    answers.add(answer);
  }

  private static Map<String, String> headers(MultiMap headers) {
    Map<String, String> out = new TreeMap<>();
    headers.forEach((name, value) -> out.put(name.toLowerCase(Locale.ROOT), value));
    return Map.copyOf(out);
  }

  private synchronized int nextRequest() {
    return ++requests;
  }

  /**
   * The answer for these events, counting refusals and recording accepted events, under one lock so
   * that the record's order is the order of the answers.
   */
  private synchronized int decide(List<Event> events) {
    if (server == null) {
      answered500++;
      return 503; // a request that slipped in while the server was closing
    }
    if (events.stream().anyMatch(refuse)) {
      answered400++;
      return 400;
    }
    if (retryAfterTimes > 0) {
      retryAfterTimes--;
      answered500++;
      return 503;
    }
    if (random.nextDouble() < failFraction) {
      answered500++;
      return 500;
    }
    accepted.addAll(events);
    return 200;
  }

  /** The events of a request in binary, structured or batched mode. */
  private static List<Event> events(
      HttpServerRequest request, Buffer body, Instant at, int number) {
    String contentType = String.valueOf(request.getHeader("Content-Type"));
    String type = contentType.toLowerCase(Locale.ROOT);
    if (type.startsWith("application/cloudevents-batch+json")) {
      List<Event> out = new ArrayList<>();
      new JsonArray(body)
          .forEach(o -> out.add(structured((JsonObject) o, at, number, contentType)));
      return out;
    }
    if (type.startsWith("application/cloudevents+json")) {
      return List.of(structured(new JsonObject(body), at, number, contentType));
    }
    return List.of(binary(request.headers(), body, at, number, contentType));
  }

  private static Event binary(
      MultiMap headers, Buffer body, Instant at, int number, String contentType) {
    Map<String, String> attributes = new TreeMap<>();
    headers.forEach(
        (name, value) -> {
          String lower = name.toLowerCase(Locale.ROOT);
          if (lower.startsWith("ce-")) {
            attributes.put(lower.substring(3), value);
          }
        });
    if (attributes.get("id") == null) {
      throw new IllegalArgumentException("no ce-id header");
    }
    return new Event(at, number, contentType, Map.copyOf(attributes), body.toString());
  }

  private static Event structured(JsonObject event, Instant at, int number, String contentType) {
    Map<String, String> attributes = new TreeMap<>();
    event.forEach(
        e -> {
          if (!e.getKey().equals("data")) {
            attributes.put(e.getKey(), String.valueOf(e.getValue()));
          }
        });
    Object data = event.getValue("data");
    return new Event(
        at,
        number,
        contentType,
        Map.copyOf(attributes),
        data == null ? null : String.valueOf(data));
  }

  private static <T> T join(Future<T> future, String what) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + ": interrupted", e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot " + what + ": " + e, e);
    }
  }

  @Override
  public void close() {
    down();
    join(vertx.close(), "stop the receiver's Vert.x");
  }
}
