package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.testing.Aggregator;
import io.allkinds.testing.Api;
import io.allkinds.testing.Configs;
import io.allkinds.testing.KubeObjects;
import io.allkinds.testing.SharedClusters;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and careless requests get 4xx or 503 (with Retry-After where the server is saturated),
 * never a 5xx, and ingestion goes on meanwhile; a journal scan for a filter that matches nothing
 * comes back in bounded pages with a cursor.
 */
@ExtendWith(SharedClusters.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRequestsTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  /** The default cap on event streams (ApiLimits.DEFAULTS). */
  private static final int MAX_STREAMS = 256;

  @TempDir static Path tmp;

  private Aggregator aggregator;
  private Api api;
  private KubernetesClient alpha;
  private final String ns = "hostile-" + System.nanoTime();

  @BeforeAll
  void start(SharedClusters.Clusters clusters) throws Exception {
    alpha = KubeObjects.client(clusters.alpha().adminKubeconfig());
    aggregator =
        Aggregator.start(
            tmp, Configs.config(tmp, Configs.cluster("alpha", clusters.alpha().adminKubeconfig())));
    api = aggregator.api();
    KubeObjects.namespace(alpha, ns);
    Api.await("ready", WAIT, () -> api.get("/readyz").status(), s -> s == 200);
  }

  @AfterAll
  void stop() {
    aggregator.close();
    alpha.close();
  }

  private void create(String name) {
    alpha
        .configMaps()
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace(ns)
                .withName(name)
                .endMetadata()
                .withData(Map.of("v", "1"))
                .build())
        .create();
  }

  private void awaitStored(String name) {
    Api.await(
        name + " stored",
        WAIT,
        () ->
            api.get(
                    "/api/v1/object?cluster=alpha&apiVersion=v1&kind=ConfigMap"
                        + "&namespace="
                        + ns
                        + "&name="
                        + name)
                .status(),
        s -> s == 200);
  }

  /** HTTP/1.1 as browsers and curl send it (the JDK client would otherwise try an h2c upgrade). */
  private final HttpClient http11 =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private Api.Response get(String query) {
    try {
      HttpResponse<String> r =
          http11.send(
              HttpRequest.newBuilder(URI.create(api.base() + query))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new Api.Response(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException(
          "GET " + query.substring(0, Math.min(120, query.length())) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void assertClientError(String query) {
    Api.Response r = get(query);
    assertTrue(
        r.status() >= 400 && r.status() < 500,
        query.substring(0, Math.min(120, query.length()))
            + " -> "
            + r.status()
            + " "
            + r.body().substring(0, Math.min(300, r.body().length())));
  }

  @Test
  void hostileQueriesGet4xxAndIngestionGoesOn() {
    String deep = "[".repeat(400) + "]".repeat(400);
    List<String> queries =
        List.of(
            "/api/v1/counts?by=,,,",
            "/api/v1/counts?by=%20,%20",
            "/api/v1/counts?by=cluster,,kind,colour",
            "/api/v1/objects?q=" + "x".repeat(100 * 1024),
            "/api/v1/objects?continue="
                + Base64.getUrlEncoder().encodeToString(deep.getBytes(StandardCharsets.UTF_8)),
            "/api/v1/objects?continue=" + "A".repeat(1000),
            "/api/v1/objects?continue=" + "%00%ff%fe",
            "/api/v1/objects?continue=" + "x".repeat(50 * 1024),
            "/api/v1/objects?limit=99999999999999999999",
            "/api/v1/objects?limit=-1",
            "/api/v1/objects?limit=1e9",
            "/api/v1/history?uid=x&limit=2147483648",
            "/api/v1/changes?limit=100000",
            "/api/v1/changes?after=99999999999999999999",
            "/api/v1/objects?asOf=0000-00-00T00:00:00Z",
            "/api/v1/objects?asOf=" + Api.q("2026-13-45T99:99:99+99:99"),
            "/api/v1/changes?since=yesterday",
            "/api/v1/changes?until=" + "9".repeat(900),
            "/api/v1/objects?labelSelector=" + Api.q("(((((((((("),
            "/api/v1/objects?cluster=" + "c&cluster=".repeat(200) + "c");
    for (String q : queries) {
      assertClientError(q);
    }
    // Extreme but well-formed values are answered, not failed.
    List<String> extremes =
        List.of(
            "/api/v1/changes?after=9223372036854775807",
            "/api/v1/changes?since=" + Api.q("+999999999-12-31T23:59:59Z"),
            "/api/v1/changes?until="
                + Api.q("-999999999-01-01T00:00:00Z")
                + "&since="
                + Api.q("-999999999-01-01T00:00:00Z"),
            "/api/v1/objects?asOf=" + Api.q("+999999999-12-31T23:59:59Z") + "&limit=1",
            "/api/v1/objects?asOf=" + Api.q("-999999999-01-01T00:00:00Z"),
            "/api/v1/history?uid=nothing&after=9223372036854775807",
            "/api/v1/objects?labelSelector=" + Api.q("a in (" + "b,".repeat(400) + "c)"));
    for (String q : extremes) {
      int status = get(q).status();
      assertTrue(status < 500, q + " -> " + status);
    }
    create("after-hostile-queries");
    awaitStored("after-hostile-queries");
  }

  @Test
  void thousandsOfEventStreamsAreCappedAndAllStillHearTheJournal() throws Exception {
    List<Socket> open = new ArrayList<>();
    int accepted = 0;
    int refused = 0;
    try {
      for (int i = 0; i < 2000; i++) {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), aggregator.port());
        s.setSoTimeout(30_000);
        OutputStream out = s.getOutputStream();
        out.write(
            ("GET /api/v1/watch?kind=ConfigMap&namespace="
                    + ns
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BufferedReader in =
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        String status = in.readLine();
        List<String> headers = new ArrayList<>();
        for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
          headers.add(h.toLowerCase(java.util.Locale.ROOT));
        }
        if (status.startsWith("HTTP/1.1 200")) {
          accepted++;
          open.add(s);
          readers.add(in);
        } else {
          assertTrue(status.startsWith("HTTP/1.1 503"), "stream " + i + ": " + status);
          assertTrue(
              headers.stream().anyMatch(h -> h.startsWith("retry-after:")),
              "503 with Retry-After: " + headers);
          refused++;
          s.close();
        }
      }
      assertEquals(MAX_STREAMS, accepted, "streams are capped");
      assertEquals(2000 - MAX_STREAMS, refused);
      // With every stream slot taken, ingestion and queries go on, and the shared tail feeds every
      // stream.
      create("during-streams");
      awaitStored("during-streams");
      for (int i : List.of(0, accepted / 2, accepted - 1)) {
        assertTrue(
            readUntil(readers.get(i), "\"name\":\"during-streams\""),
            "stream " + i + " heard the change");
      }
    } finally {
      for (Socket s : open) {
        s.close();
      }
      readers.clear();
    }
    // Closed streams free their slots.
    Api.await("stream slots freed", WAIT, () -> watchStatus(), s -> s == 200);
  }

  private final List<BufferedReader> readers = new ArrayList<>();

  private static boolean readUntil(BufferedReader in, String text) throws IOException {
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.contains(text)) {
        return true;
      }
    }
    return false;
  }

  /** The status of a fresh /watch request (the stream is closed once its status line is read). */
  private int watchStatus() {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), aggregator.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              "GET /api/v1/watch HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      String status =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      return Integer.parseInt(status.split(" ", -1)[1]);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aBurstOfQueriesGets200Or503WithRetryAfterNever500() throws Exception {
    List<CompletableFuture<HttpResponse<Void>>> all = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      all.add(
          http11.sendAsync(
              HttpRequest.newBuilder(
                      URI.create(
                          api.base() + "/api/v1/objects?full=true&limit=1000&includeDeleted=true"))
                  .build(),
              HttpResponse.BodyHandlers.discarding()));
    }
    int ok = 0;
    for (CompletableFuture<HttpResponse<Void>> f : all) {
      HttpResponse<Void> r = f.get(2, TimeUnit.MINUTES);
      assertTrue(r.statusCode() == 200 || r.statusCode() == 503, "status " + r.statusCode());
      if (r.statusCode() == 503) {
        assertTrue(r.headers().firstValue("retry-after").isPresent(), "503 says when to retry");
      } else {
        ok++;
      }
    }
    assertTrue(ok > 0, "some of the burst was answered");
    create("after-burst");
    awaitStored("after-burst");
  }

  @Test
  void aJournalScanForAFilterMatchingNothingComesInBoundedPages() {
    for (int i = 0; i < 60; i++) {
      create("journal-" + i);
    }
    awaitStored("journal-59");
    long head = 0;
    for (String cont = "0"; cont != null; ) {
      JsonObject page = api.get("/api/v1/changes?limit=1000&after=" + cont).json();
      JsonArray items = page.getJsonArray("items");
      if (!items.isEmpty()) {
        head = items.getJsonObject(items.size() - 1).getLong("seq");
      }
      cont = page.getValue("next") == null ? null : String.valueOf(page.getLong("next"));
    }
    assertTrue(head > 200, "a journal of some hundreds of entries: " + head);
    // limit=1 scans at most 50 sequence numbers per request.
    int pages = 0;
    long after = 0;
    Long next;
    do {
      JsonObject page = api.get("/api/v1/changes?kind=NoSuchKind&limit=1&after=" + after).json();
      assertTrue(page.getJsonArray("items").isEmpty());
      next = page.getValue("next") == null ? null : page.getLong("next");
      if (next != null) {
        assertTrue(
            next > after && next - after <= 50, "a bounded window: " + after + " -> " + next);
        after = next;
      }
      pages++;
      assertTrue(pages < 10_000, "the cursor reaches the end");
    } while (next != null);
    assertTrue(
        pages >= head / 50,
        "one bounded page per window: " + pages + " pages for " + head + " entries");
    // A filter that matches one object finds it by following the cursor through empty pages.
    List<Long> found = new ArrayList<>();
    after = 0;
    do {
      JsonObject page =
          api.get("/api/v1/changes?namespace=" + ns + "&name=journal-59&limit=1&after=" + after)
              .json();
      page.getJsonArray("items").forEach(e -> found.add(((JsonObject) e).getLong("seq")));
      next = page.getValue("next") == null ? null : page.getLong("next");
      after = next == null ? after : next;
    } while (next != null);
    assertEquals(1, found.size(), "the one ADDED entry: " + found);
    assertNull(
        api.get("/api/v1/changes?kind=NoSuchKind&after=" + head).json().getValue("next"),
        "at the journal's end, no cursor");
    assertNotNull(
        api.get("/api/v1/changes?kind=NoSuchKind&limit=1&after=0").json().getValue("next"));
  }
}
