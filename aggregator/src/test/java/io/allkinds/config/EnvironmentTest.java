package io.allkinds.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentTest {

  @TempDir Path dir;

  @Test
  void theStoreComesFromTheEnvironmentWithTheEmbeddedFileAsDefault() {
    StoreConfig none = new Environment(Map.of()).store();
    assertEquals(StoreConfig.DEFAULT_URL, none.url());
    assertNull(none.user());
    assertNull(none.password());

    StoreConfig set =
        new Environment(
                Map.of(
                    "ALLKINDS_STORE_URL", "jdbc:postgresql://db/allkinds",
                    "ALLKINDS_STORE_USER", "ak",
                    "ALLKINDS_STORE_PASSWORD", "pw"))
            .store();
    assertEquals(new StoreConfig("jdbc:postgresql://db/allkinds", "ak", "pw"), set);
  }

  @Test
  void tokensFromTheEnvironmentAreAddedTrimmedAndChecked() {
    Environment env =
        new Environment(
            Map.of("ALLKINDS_HTTP_TOKENS", " 0123456789abcdef-env , ,fedcba9876543210"));
    assertEquals(
        List.of("from-the-file-0123456789", "0123456789abcdef-env", "fedcba9876543210"),
        env.tokens(List.of("from-the-file-0123456789")));

    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> new Environment(Map.of("ALLKINDS_HTTP_TOKENS", "short")).tokens(List.of()));
    assertEquals("http.tokens: every token must be at least 16 characters long", e.getMessage());
    assertFalse(e.getMessage().contains("short"));
  }

  @Test
  void theReplicaIdIsTheConfiguredOneOrTheHostWithADistinctSuffix() {
    assertEquals("r-1", new Environment(Map.of("ALLKINDS_REPLICA_ID", "r-1")).replicaId());
    Environment pod = new Environment(Map.of("HOSTNAME", "allkinds-7c9"));
    String a = pod.replicaId();
    assertTrue(a.startsWith("allkinds-7c9-"), a);
    assertNotEquals(a, pod.replicaId());
    assertTrue(new Environment(Map.of()).replicaId().startsWith("allkinds-"));
  }

  @Test
  void kubeconfigPathsAreKubeconfigsListOrTheHomeDefault() throws Exception {
    Path a = dir.resolve("a.yaml");
    Path b = dir.resolve("b.yaml");
    Environment listed =
        new Environment(Map.of("KUBECONFIG", a + File.pathSeparator + File.pathSeparator + b));
    assertEquals(List.of(a, b), listed.kubeconfigPaths());
    assertTrue(listed.noKubeconfig());
    Files.writeString(b, "contexts: []\n");
    assertFalse(listed.noKubeconfig());

    Environment home = new Environment(Map.of("HOME", dir.toString()));
    assertEquals(List.of(dir.resolve(".kube/config")), home.kubeconfigPaths());
    assertTrue(home.noKubeconfig());
  }

  @Test
  void everyContextOfEveryKubeconfigBecomesACluster() throws Exception {
    Path a = dir.resolve("a.yaml");
    Path b = dir.resolve("b.yaml");
    Files.writeString(a, "contexts:\n  - name: kind-one\n  - name: arn:aws:eks/prod\n");
    Files.writeString(b, "contexts:\n  - name: kind-one\n  - name: two\n");
    AllKindsConfig c =
        new ConfigLoader(Map.of("KUBECONFIG", a + File.pathSeparator + b)).defaults();
    assertEquals(
        List.of(
            new ClusterConfig("kind-one", a.toAbsolutePath(), "kind-one"),
            new ClusterConfig("arn-aws-eks-prod", a.toAbsolutePath(), "arn:aws:eks/prod"),
            new ClusterConfig("two", b.toAbsolutePath(), "two")),
        c.clusters());
  }
}
