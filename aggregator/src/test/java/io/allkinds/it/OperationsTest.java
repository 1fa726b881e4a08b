package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.testing.Aggregator;
import io.allkinds.testing.Api;
import io.allkinds.testing.ApiStates;
import io.allkinds.testing.Configs;
import io.allkinds.testing.SharedClusters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Running AllKinds: bearer tokens, Prometheus metrics, and hostile requests that must all get a
 * 4xx.
 */
@ExtendWith(SharedClusters.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsTest {

  private static final String TOKEN = "test-token-0123456789abcdef";

  @TempDir static Path tmp;

  private Aggregator aggregator;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String base;

  @BeforeAll
  void start(SharedClusters.Clusters clusters) throws Exception {
    aggregator =
        Aggregator.start(
            tmp,
            Configs.config(tmp, Configs.cluster("alpha", clusters.alpha().adminKubeconfig()))
                .replace("http:\n  port: 0", "http:\n  port: 0\n  tokens: [\"" + TOKEN + "\"]"));
    base = "http://127.0.0.1:" + aggregator.port();
    Api.await("ready", Duration.ofSeconds(60), () -> status("/readyz", null), s -> s == 200);
  }

  @AfterAll
  void stop() {
    aggregator.close();
  }

  private HttpResponse<String> send(String rawPathAndQuery, String token) {
    try {
      HttpRequest.Builder req =
          HttpRequest.newBuilder(URI.create(base + rawPathAndQuery))
              .timeout(Duration.ofSeconds(30));
      if (token != null) {
        req.header("Authorization", "Bearer " + token);
      }
      return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(rawPathAndQuery + ": " + e, e);
    }
  }

  /**
   * Sends the request line exactly as given (bad encodings included), returning status and body.
   */
  private String[] raw(String target) {
    try (java.net.Socket socket =
        new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), aggregator.port())) {
      socket.setSoTimeout(30_000);
      socket
          .getOutputStream()
          .write(
              ("GET "
                      + target
                      + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                      + TOKEN
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      String response =
          new String(
              socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      String status = response.substring(9, 12);
      int bodyAt = response.indexOf("\r\n\r\n");
      return new String[] {status, bodyAt < 0 ? "" : response.substring(bodyAt + 4)};
    } catch (java.io.IOException e) {
      throw new AssertionError(target + ": " + e, e);
    }
  }

  private int status(String path, String token) {
    return send(path, token).statusCode();
  }

  @Test
  void everyEndpointButHealthNeedsAValidToken() {
    assertEquals(200, status("/healthz", null));
    assertEquals(200, status("/readyz", null));
    for (String path :
        List.of(
            "/api/v1/clusters",
            "/api/v1/objects",
            "/api/v1/changes",
            "/metrics",
            "/api/v1/openapi.yaml")) {
      HttpResponse<String> none = send(path, null);
      assertEquals(401, none.statusCode(), path);
      assertTrue(none.body().contains("\"error\":\"unauthorized\""), none.body());
      assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
      assertEquals(401, status(path, "wrong-token-0123456789"), path);
      assertEquals(401, status(path, TOKEN.substring(0, TOKEN.length() - 1)), path);
      assertEquals(200, status(path, TOKEN), path);
    }
    assertEquals(
        401,
        status("/api/v1/watch?access_token=" + TOKEN, null),
        "a token in the URL is refused: URLs end up in logs and browser history");
    try {
      HttpResponse<java.io.InputStream> stream =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/watch"))
                  .header("Authorization", "Bearer " + TOKEN)
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, stream.statusCode(), "the event stream takes the token in its header");
      stream.body().close();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void everyAnswerCarriesTheSecurityHeaders() {
    for (String path :
        List.of(
            "/",
            "/app.js",
            "/healthz",
            "/api/v1/clusters",
            "/api/v1/nope",
            "/api/v1/objects?limit=x",
            "/missing-file.png")) {
      for (String token : java.util.Arrays.asList(null, TOKEN)) {
        HttpResponse<String> r = send(path, token);
        var h = r.headers();
        assertEquals("nosniff", h.firstValue("X-Content-Type-Options").orElse(null), path);
        assertTrue(
            h.firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"),
            path);
        assertTrue(
            h.firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"),
            path);
        assertEquals("DENY", h.firstValue("X-Frame-Options").orElse(null), path);
        assertEquals("no-referrer", h.firstValue("Referrer-Policy").orElse(null), path);
      }
    }
  }

  @Test
  void execCredentialPluginsWorkAndCredentialsNeverReachAnAnswer(SharedClusters.Clusters clusters)
      throws Exception {
    // A kubeconfig whose user is an exec plugin (as cloud providers' kubeconfigs are).
    Path plugin = tmp.resolve("credential-plugin.sh");
    java.nio.file.Files.writeString(
        plugin,
        "#!/bin/sh\necho '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\","
            + "\"kind\":\"ExecCredential\",\"status\":{\"token\":\""
            + clusters.beta().adminToken()
            + "\"}}'\n");
    plugin.toFile().setExecutable(true);
    Path kubeconfig = tmp.resolve("exec-kubeconfig.yaml");
    java.nio.file.Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: beta
          cluster: {server: '%s', insecure-skip-tls-verify: true}
        users:
        - name: plugin
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: %s
        contexts:
        - name: beta
          context: {cluster: beta, user: plugin}
        current-context: beta
        """
            .formatted(clusters.beta().server(), plugin));
    Path dir = java.nio.file.Files.createDirectories(tmp.resolve("exec"));
    try (Aggregator exec =
        Aggregator.start(dir, Configs.config(dir, Configs.cluster("beta-exec", kubeconfig)))) {
      Api.await(
          "synced through the exec plugin",
          Duration.ofSeconds(60),
          () -> ApiStates.clusterState(exec.api(), "beta-exec"),
          "watching"::equals);
      for (String path :
          List.of(
              "/api/v1/clusters",
              "/api/v1/resource-types",
              "/api/v1/objects?limit=1000&full=true",
              "/api/v1/changes?limit=1000")) {
        assertTrue(
            !exec.api().get(path).body().contains(clusters.beta().adminToken()),
            path + " holds no credential");
      }
    }
  }

  @Test
  void metricsAreInPrometheusTextFormat() {
    HttpResponse<String> r = send("/metrics", TOKEN);
    assertEquals(200, r.statusCode());
    String body = r.body();
    for (String name :
        List.of(
            "allkinds_changes_ingested_total{",
            "allkinds_queue_depth",
            "allkinds_batch_write_seconds_count",
            "allkinds_lists_total{cluster=\"alpha\"}",
            "allkinds_watch_gone_total",
            "allkinds_watch_restarts_total",
            "allkinds_cluster_state{cluster=\"alpha\",state=\"watching\"} 1",
            "allkinds_database_size_bytes",
            "jvm_memory_used_bytes")) {
      assertTrue(body.contains(name), "metrics contain " + name);
    }
    for (String line : body.split("\n", -1)) {
      assertTrue(
          line.isEmpty()
              || line.startsWith("#")
              || line.matches("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*\\})? \\S+"),
          "a valid sample line: " + line);
    }
  }

  @Test
  void hostileRequestsGetA4xxAndTheServiceKeepsServing() {
    List<String> attacks = new ArrayList<>();
    String[] values = {
      "'",
      "\"",
      "' OR '1'='1",
      "1; DROP TABLE objects; --",
      "%00",
      "%ZZ",
      "%C3%28",
      "%FF%FE",
      "x".repeat(5000),
      "..%2F..%2Fetc%2Fpasswd",
      "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
      "-1",
      "99999999999999999999",
      "1e9",
      "NaN",
      "%E2%80%AE",
      "a%0d%0aSet-Cookie:x",
      "(",
      ")",
      "!!",
      "==",
      "in",
      "notin ()",
      "%",
      "2026-13-45T99:99:99Z"
    };
    String[] endpoints = {
      "/api/v1/objects?%s=%s",
      "/api/v1/changes?%s=%s",
      "/api/v1/history?%s=%s",
      "/api/v1/object?%s=%s",
      "/api/v1/counts?%s=%s",
      "/api/v1/resource-types?%s=%s"
    };
    String[] params = {
      "limit",
      "labelSelector",
      "asOf",
      "since",
      "after",
      "continue",
      "by",
      "sort",
      "type",
      "apiVersion",
      "cluster",
      "kind",
      "bogus"
    };
    for (String e : endpoints) {
      for (String p : params) {
        for (String v : values) {
          attacks.add(String.format(e, p, v));
        }
      }
    }
    int ok = 0;
    int client = 0;
    for (String attack : attacks) {
      String[] r = raw(attack.replace(" ", "%20"));
      int status = Integer.parseInt(r[0]);
      assertTrue(status < 500, attack + " -> " + status + " " + r[1]);
      if (status >= 400) {
        client++;
        assertTrue(
            status == 400 || status == 404 || status == 414 || status == 431,
            attack + " -> " + status);
      } else {
        ok++;
      }
    }
    System.out.printf(
        "hostile requests: %d sent, %d rejected with 4xx, %d harmless and answered%n",
        attacks.size(), client, ok);
    assertTrue(client > attacks.size() / 2, "most are rejected");
    assertEquals(200, status("/api/v1/clusters", TOKEN), "still serving");
    assertEquals(200, status("/healthz", null));
  }
}
