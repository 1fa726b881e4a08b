package io.allkinds.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  private AllKindsConfig load(String yaml) throws Exception {
    Path file = dir.resolve("allkinds.yaml");
    Files.writeString(file, yaml);
    return new ConfigLoader(Map.of()).load(file);
  }

  private String error(String yaml) {
    return assertThrows(ConfigException.class, () -> load(yaml)).getMessage();
  }

  @Test
  void readsClustersAndAppliesDefaults() throws Exception {
    AllKindsConfig c =
        load(
            """
        clusters:
          - name: prod
            kubeconfig: kc/prod.yaml
            context: prod-ctx
        """);
    assertEquals(1, c.clusters().size());
    assertEquals(dir.resolve("kc/prod.yaml"), c.clusters().get(0).kubeconfig());
    assertEquals("prod-ctx", c.clusters().get(0).context());
    assertEquals(StoreConfig.DEFAULT_URL, c.store().url());
    assertEquals("127.0.0.1", c.http().host());
    assertEquals(8080, c.http().port());
    assertEquals(500, c.sync().pageSize());
    assertFalse(c.sync().wants("", "events"));
    assertFalse(c.sync().wants("events.k8s.io", "events"));
    assertTrue(c.sync().wants("apps", "deployments"));
  }

  @Test
  void shardingNeedsASharedStoreAndHasSaneDefaults() throws Exception {
    String one = "clusters:\n  - {name: a, kubeconfig: a.yaml}\n";
    assertFalse(load(one).sharding().enabled());
    String e =
        error(
            one
                + """
        sharding:
          enabled: true
        """);
    assertTrue(e.contains("sharding.enabled") && e.contains("jdbc:postgresql"), e);
    AllKindsConfig c =
        load(
            one
                + """
        store:
          url: jdbc:postgresql://db:5432/allkinds
        sharding:
          enabled: true
          leaseSeconds: 9
        """);
    assertTrue(c.sharding().enabled());
    assertEquals(9, c.sharding().leasePeriod().toSeconds());
    assertTrue(
        c.sharding().replicaId().startsWith("allkinds-"),
        "host name plus a suffix unique to the process");
    assertTrue(error(one + "sharding:\n  leaseSeconds: 1\n").contains("sharding.leaseSeconds"));
  }

  @Test
  void errorsNameFileKeyAndExpectation() {
    String missingKubeconfig = error("clusters:\n  - name: a\n");
    assertTrue(missingKubeconfig.contains("allkinds.yaml"), missingKubeconfig);
    assertTrue(missingKubeconfig.contains("clusters[0].kubeconfig"), missingKubeconfig);
    assertTrue(missingKubeconfig.contains("expected a non-empty string"), missingKubeconfig);

    String badPort = error("http:\n  port: eighty\n");
    assertTrue(badPort.contains("'http.port'") && badPort.contains("whole number"), badPort);

    String unknown = error("htp:\n  port: 1\n");
    assertTrue(unknown.contains("'htp'") && unknown.contains("unknown key"), unknown);

    String duplicate =
        error("clusters:\n  - {name: a, kubeconfig: x}\n  - {name: a, kubeconfig: y}\n");
    assertTrue(duplicate.contains("used twice"), duplicate);

    String badName = error("clusters:\n  - {name: 'a b', kubeconfig: x}\n");
    assertTrue(badName.contains("clusters[0].name"), badName);

    String badStore = error("store:\n  url: postgres://x\n");
    assertTrue(badStore.contains("store.url") && badStore.contains("JDBC"), badStore);
  }

  @Test
  void pageBudgetAndRateLimitHaveDefaultsAndBounds() throws Exception {
    SyncConfig defaults = load("clusters: [{name: a, kubeconfig: x}]\n").sync();
    assertEquals(8L * 1024 * 1024, defaults.pageBudgetBytes());
    assertEquals(50, defaults.qps());
    assertEquals(100, defaults.burst());
    SyncConfig set =
        load("clusters: [{name: a, kubeconfig: x}]\nsync:\n  pageBudgetMiB: 2\n  qps: 5\n  burst: 10\n")
            .sync();
    assertEquals(2L * 1024 * 1024, set.pageBudgetBytes());
    assertEquals(5, set.qps());
    assertEquals(10, set.burst());
    String zeroQps = error("clusters: [{name: a, kubeconfig: x}]\nsync:\n  qps: 0\n");
    assertTrue(zeroQps.contains("sync.qps"), zeroQps);
  }

  @Test
  void listThreadsAreSharedBySmallDefaultAndBounded() throws Exception {
    SyncConfig defaults = load("clusters: [{name: a, kubeconfig: x}]\n").sync();
    assertEquals(8, defaults.listThreads());
    assertEquals(4, defaults.maxConcurrentLists());
    SyncConfig set =
        load("clusters: [{name: a, kubeconfig: x}]\nsync:\n  listThreads: 3\n  maxConcurrentLists: 2\n")
            .sync();
    assertEquals(3, set.listThreads());
    assertEquals(2, set.maxConcurrentLists());
    String zero = error("clusters: [{name: a, kubeconfig: x}]\nsync:\n  listThreads: 0\n");
    assertTrue(zero.contains("sync.listThreads"), zero);
    String huge = error("clusters: [{name: a, kubeconfig: x}]\nsync:\n  listThreads: 1000\n");
    assertTrue(huge.contains("sync.listThreads"), huge);
  }

  @Test
  void maxConnectionsPerServerHasADefaultAndIsBounded() throws Exception {
    assertEquals(
        256, load("clusters: [{name: a, kubeconfig: x}]\n").sync().maxConnectionsPerServer());
    assertEquals(
        4,
        load("clusters: [{name: a, kubeconfig: x}]\nsync:\n  maxConnectionsPerServer: 4\n")
            .sync()
            .maxConnectionsPerServer());
    String zero =
        error("clusters: [{name: a, kubeconfig: x}]\nsync:\n  maxConnectionsPerServer: 0\n");
    assertTrue(zero.contains("sync.maxConnectionsPerServer"), zero);
    String huge =
        error("clusters: [{name: a, kubeconfig: x}]\nsync:\n  maxConnectionsPerServer: 9000\n");
    assertTrue(huge.contains("sync.maxConnectionsPerServer"), huge);
  }

  @Test
  void includeAndExcludeRulesAreGlobs() throws Exception {
    AllKindsConfig c =
        load(
            """
        clusters: [{name: a, kubeconfig: x}]
        sync:
          include: [{group: "*.k8s.io"}, {group: "", resource: "config*"}]
          exclude: [{group: "storage.k8s.io"}]
        """);
    assertTrue(c.sync().wants("networking.k8s.io", "ingresses"));
    assertTrue(c.sync().wants("", "configmaps"));
    assertFalse(c.sync().wants("", "secrets"));
    assertFalse(c.sync().wants("apps", "deployments"));
    assertFalse(c.sync().wants("storage.k8s.io", "storageclasses"));
    // With the default exclude list overridden, events come back.
    AllKindsConfig withEvents =
        load("clusters: [{name: a, kubeconfig: x}]\nsync:\n  exclude: []\n");
    assertTrue(withEvents.sync().wants("", "events"));
  }

  @Test
  void withoutClustersEveryContextOfTheKubeconfigIsWatched() throws Exception {
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        contexts:
        - name: one
          context: {cluster: c1, user: u}
        - name: two/admin
          context: {cluster: c2, user: u}
        """);
    AllKindsConfig c = new ConfigLoader(Map.of("KUBECONFIG", kubeconfig.toString())).defaults();
    assertEquals(2, c.clusters().size());
    assertEquals("one", c.clusters().get(0).name());
    assertEquals("two-admin", c.clusters().get(1).name(), "names are made safe");
    assertEquals("two/admin", c.clusters().get(1).context());
    assertNull(c.store().password());
    String missing =
        assertThrows(
                ConfigException.class,
                () ->
                    new ConfigLoader(Map.of("KUBECONFIG", dir.resolve("nope").toString()))
                        .defaults())
            .getMessage();
    assertTrue(missing.contains("nope") && missing.contains("--config"), missing);
  }

  @Test
  void errorsNeverEchoCredentials() {
    String m =
        error(
            """
        store:
          url: "postgresql://db/allkinds?password=hunter2"
        """);
    assertTrue(m.contains("store.url") && !m.contains("hunter2"), m);
    m =
        error(
            """
        store:
          password: [hunter2]
        """);
    assertTrue(m.contains("store.password") && !m.contains("hunter2"), m);
    m =
        error(
            """
        http:
          tokens: {a: hunter2-hunter2-hunter2}
        """);
    assertTrue(m.contains("http.tokens") && !m.contains("hunter2"), m);
    m =
        error(
            """
        store:
          password: "hunter2
          user: [x
        """);
    assertTrue(
        m.contains("line") && !m.contains("hunter2"), "a syntax error quotes no source: " + m);
  }

  @Test
  void readsRedactionRulesAndRejectsBadOnes() throws Exception {
    AllKindsConfig c =
        load(
            """
        clusters: [{name: a, kubeconfig: a.yaml}]
        sync:
          redact:
            - {group: apps, kind: Deployment, paths: [/spec/template/spec/containers/*/env/*/value], whenName: "(?i)pass"}
        """);
    assertEquals(1, c.sync().redact().size());
    assertTrue(c.sync().redact().get(0).appliesTo("apps", "Deployment"));
    assertFalse(c.sync().redact().get(0).appliesTo("", "Pod"));
    assertTrue(
        error("sync:\n  redact:\n    - {kind: Pod, paths: [spec]}\n")
            .contains("sync.redact[0].paths[0]"));
    assertTrue(error("sync:\n  redact:\n    - {kind: Pod}\n").contains("sync.redact[0].paths"));
    assertTrue(
        error("sync:\n  redact:\n    - {paths: [/a], whenName: \"(\"}\n").contains("whenName"));
  }
}
