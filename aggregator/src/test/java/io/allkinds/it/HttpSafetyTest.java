package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.config.ConfigException;
import io.allkinds.config.ConfigLoader;
import io.allkinds.testing.Aggregator;
import io.allkinds.testing.Configs;
import io.allkinds.testing.SharedClusters;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Safe by default without tokens: the server will not listen beyond loopback unless told to, and it
 * answers only requests addressed to a loopback name, an IP or an allowed host (a DNS-rebinding
 * page sends its own name), while the probes always answer.
 */
@ExtendWith(SharedClusters.class)
class HttpSafetyTest {

  @TempDir Path tmp;

  @Test
  void listeningBeyondLoopbackWithoutTokensIsRefusedUnlessAllowed(SharedClusters.Clusters shared)
      throws Exception {
    String base = Configs.config(tmp, Configs.cluster("alpha", shared.alpha().adminKubeconfig()));
    Path file = tmp.resolve("open.yaml");
    Files.writeString(file, base.replace("http:\n  port: 0", "http:\n  port: 0\n  host: 0.0.0.0"));
    ConfigException refused =
        assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(file));
    assertTrue(refused.getMessage().contains("http.allowUnauthenticated"), refused.getMessage());
    Files.writeString(
        file,
        base.replace(
            "http:\n  port: 0", "http:\n  port: 0\n  host: 0.0.0.0\n  allowUnauthenticated: true"));
    assertEquals(
        "0.0.0.0", new ConfigLoader(Map.of()).load(file).http().host(), "allowed when said so");
    Files.writeString(file, base.replace("http:\n  port: 0", "http:\n  port: 0\n  host: 0.0.0.0"));
    assertEquals(
        "0.0.0.0",
        new ConfigLoader(Map.of("ALLKINDS_HTTP_TOKENS", "a-token-of-16-chars-or-more"))
            .load(file)
            .http()
            .host(),
        "allowed with a token");
  }

  @Test
  void onlyRequestsAddressedToThisMachineAreServedWithoutTokens(SharedClusters.Clusters shared)
      throws Exception {
    String yaml =
        Configs.config(tmp, Configs.cluster("alpha", shared.alpha().adminKubeconfig()))
            .replace("http:\n  port: 0", "http:\n  port: 0\n  allowedHosts: [allkinds.internal]");
    try (Aggregator aggregator = Aggregator.start(tmp, yaml)) {
      int port = aggregator.port();
      for (String host :
          new String[] {
            "127.0.0.1:" + port,
            "localhost:" + port,
            "allkinds.internal:" + port,
            "[::1]:" + port,
            "10.0.0.7"
          }) {
        assertEquals("200", request(port, "/api/v1/clusters", host)[0], host);
      }
      for (String host :
          new String[] {
            "rebind.attacker.example:" + port,
            "localhost.attacker.example",
            "allkinds.internal.attacker.example"
          }) {
        String[] answer = request(port, "/api/v1/clusters", host);
        assertEquals("403", answer[0], host);
        assertTrue(answer[1].contains("\"error\":\"forbidden_host\""), answer[1]);
        assertEquals("403", request(port, "/", host)[0], "the UI too: " + host);
      }
      assertEquals(
          "200", request(port, "/healthz", "rebind.attacker.example")[0], "probes always answer");
    }
  }

  /** A raw HTTP/1.1 request with the given Host header: status and body. */
  private static String[] request(int port, String path, String host) throws IOException {
    try (Socket socket = new Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(30_000);
      socket
          .getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int bodyAt = response.indexOf("\r\n\r\n");
      return new String[] {
        response.substring(9, 12), bodyAt < 0 ? "" : response.substring(bodyAt + 4)
      };
    }
  }
}
