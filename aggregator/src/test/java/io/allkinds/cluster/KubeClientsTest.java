package io.allkinds.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.config.ClusterConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clusters share a client exactly when they reach the same server with the same credentials. */
class KubeClientsTest {

  private static final String TOKEN_A = "token-a-secret";

  @TempDir Path tmp;
  private Vertx vertx;
  private KubeClients clients;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    clients =
        new KubeClients(
            new ApiHttpClientFactory(vertx, 4, true), new ApiHttpClientFactory(vertx, 4, false));
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  private Path kubeconfig() throws Exception {
    // Four contexts: two for one user and server (with different namespaces), one for another
    // user of the same server, one for the same user of another server.
    Path file = tmp.resolve("kubeconfig.yaml");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: one
          cluster: {server: "https://127.0.0.1:6443", insecure-skip-tls-verify: true}
        - name: two
          cluster: {server: "https://127.0.0.2:6443", insecure-skip-tls-verify: true}
        users:
        - name: a
          user: {token: %s}
        - name: b
          user: {token: token-b-secret}
        contexts:
        - name: a-default
          context: {cluster: one, user: a}
        - name: a-team
          context: {cluster: one, user: a, namespace: team}
        - name: b-default
          context: {cluster: one, user: b}
        - name: a-two
          context: {cluster: two, user: a}
        current-context: a-default
        """
            .formatted(TOKEN_A));
    return file;
  }

  @Test
  void contextsWithTheSameServerAndCredentialsShareOneClientUntilTheLastCloses() throws Exception {
    Path file = kubeconfig();
    var aDefault = clients.create(new ClusterConfig("c1", file, "a-default"));
    var aTeam = clients.create(new ClusterConfig("c2", file, "a-team"));
    var bDefault = clients.create(new ClusterConfig("c3", file, "b-default"));
    var aTwo = clients.create(new ClusterConfig("c4", file, "a-two"));

    assertSame(aDefault.get(), aTeam.get(), "same server and user: one client");
    assertNotSame(aDefault.get(), bDefault.get(), "another user: another client");
    assertNotSame(aDefault.get(), aTwo.get(), "another server: another client");
    assertEquals(3, clients.distinctClients());

    KubernetesClient shared = aDefault.get();
    aDefault.close();
    assertFalse(shared.getHttpClient().isClosed(), "still held by the other context");
    aTeam.close();
    assertTrue(shared.getHttpClient().isClosed(), "the last holder's close closes it");
    assertEquals(2, clients.distinctClients());
    bDefault.close();
    aTwo.close();
    assertEquals(0, clients.distinctClients());
  }

  @Test
  void theKeyNamesTheServerButNeverTheCredentials() throws Exception {
    Path file = kubeconfig();
    try (var a = clients.create(new ClusterConfig("c1", file, "a-default"));
        var b = clients.create(new ClusterConfig("c3", file, "b-default"))) {
      ClientKey ka = ClientKey.of(a.get().getConfiguration());
      ClientKey kb = ClientKey.of(b.get().getConfiguration());
      assertEquals(ka.server(), kb.server());
      assertNotEquals(ka, kb);
      assertEquals("https://127.0.0.1:6443/", ka.toString());
      assertFalse(ka.credentials().contains(TOKEN_A));
    }
  }
}
