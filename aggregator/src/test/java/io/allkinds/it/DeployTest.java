package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.config.AllKindsConfig;
import io.allkinds.config.ConfigLoader;
import io.allkinds.testing.KubeObjects;
import io.allkinds.testing.SharedClusters;
import io.allkinds.testing.TestFiles;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deployment files against a real API server: the manifests and the rendered Helm chart pass a
 * server-side dry run, and the ClusterRole lets a service account token list and watch everything
 * while writing nothing.
 */
@ExtendWith(SharedClusters.class)
class DeployTest {

  private static Path helm() {
    Path helm =
        Path.of(System.getProperty("user.home"), ".cache", "allkinds", "helm-v3.17.1", "helm");
    if (!Files.isExecutable(helm)) {
      throw new IllegalStateException("helm is not installed: run deploy/test-env/install.sh");
    }
    return helm;
  }

  /**
   * Creates the namespaces for real (a dry run cannot place objects in a namespace that does not
   * exist), dry-runs the rest.
   */
  private static void dryRun(KubernetesClient client, List<HasMetadata> items) {
    for (HasMetadata item : items) {
      if (item.getKind().equals("Namespace")) {
        client.resource(item).createOr(r -> r.update());
      }
    }
    for (HasMetadata item : items) {
      if (item.getMetadata().getNamespace() != null
          && client.namespaces().withName(item.getMetadata().getNamespace()).get() == null) {
        client
            .namespaces()
            .resource(
                new NamespaceBuilder()
                    .withNewMetadata()
                    .withName(item.getMetadata().getNamespace())
                    .endMetadata()
                    .build())
            .create();
      }
      if (!item.getKind().equals("Namespace")) {
        HasMetadata accepted = client.resource(item).dryRun().create();
        assertEquals(
            item.getMetadata().getName(), accepted.getMetadata().getName(), item.getKind());
      }
    }
  }

  @Test
  void manifestsAndChartPassAServerSideDryRun(SharedClusters.Clusters clusters) throws Exception {
    Path repo = TestFiles.repoRoot();
    try (KubernetesClient client = KubeObjects.client(clusters.beta().adminKubeconfig())) {
      List<HasMetadata> manifests;
      try (var in = Files.newInputStream(repo.resolve("deploy/kubernetes/allkinds.yaml"))) {
        manifests = client.load(in).items();
      }
      assertEquals(
          List.of(
              "Namespace",
              "ServiceAccount",
              "ClusterRole",
              "ClusterRoleBinding",
              "Secret",
              "ConfigMap",
              "PersistentVolumeClaim",
              "Deployment",
              "Service",
              "NetworkPolicy"),
          manifests.stream().map(HasMetadata::getKind).toList());
      dryRun(client, manifests);

      Process p =
          new ProcessBuilder(
                  helm().toString(),
                  "template",
                  "allkinds",
                  repo.resolve("deploy/helm/allkinds").toString(),
                  "--namespace",
                  "allkinds-helm",
                  "--set",
                  "kubeconfigs.prod=apiVersion: v1")
              .redirectErrorStream(true)
              .start();
      byte[] rendered = p.getInputStream().readAllBytes();
      assertTrue(
          p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0,
          new String(rendered, StandardCharsets.UTF_8));
      List<HasMetadata> chart = client.load(new ByteArrayInputStream(rendered)).items();
      assertTrue(chart.size() >= 8, "the chart renders every object: " + chart.size());
      dryRun(client, chart);
      String config = new String(rendered, StandardCharsets.UTF_8);
      assertTrue(
          config.contains("inCluster: true")
              && config.contains("kubeconfig: /etc/allkinds/kubeconfigs/prod"));
      // Safe by default: a generated API token, a NetworkPolicy, list and watch only, exit on OOM.
      List<String> kinds = chart.stream().map(HasMetadata::getKind).toList();
      assertTrue(kinds.contains("NetworkPolicy"), kinds.toString());
      assertTrue(
          chart.stream()
              .anyMatch(
                  o ->
                      o.getKind().equals("Secret")
                          && o.getMetadata().getName().equals("allkinds-api-token")),
          "a token Secret is generated when none is given");
      var role =
          (io.fabric8.kubernetes.api.model.rbac.ClusterRole)
              chart.stream()
                  .filter(o -> o.getKind().equals("ClusterRole"))
                  .findFirst()
                  .orElseThrow();
      role.getRules().forEach(r -> assertEquals(List.of("list", "watch"), r.getVerbs()));
      var container =
          ((io.fabric8.kubernetes.api.model.apps.Deployment)
                  chart.stream()
                      .filter(o -> o.getKind().equals("Deployment"))
                      .findFirst()
                      .orElseThrow())
              .getSpec()
              .getTemplate()
              .getSpec()
              .getContainers()
              .get(0);
      assertEquals(
          "allkinds-api-token",
          container.getEnv().stream()
              .filter(e -> e.getName().equals("ALLKINDS_HTTP_TOKENS"))
              .findFirst()
              .orElseThrow()
              .getValueFrom()
              .getSecretKeyRef()
              .getName());
      assertTrue(
          container.getEnv().stream()
              .anyMatch(
                  e ->
                      e.getName().equals("JAVA_OPTS")
                          && e.getValue().contains("-XX:+ExitOnOutOfMemoryError")));
    }
  }

  @Test
  void theChartCanLeaveSecretsOutOfRbacAndSync(SharedClusters.Clusters clusters) throws Exception {
    Path repo = TestFiles.repoRoot();
    Process p =
        new ProcessBuilder(
                helm().toString(),
                "template",
                "allkinds",
                repo.resolve("deploy/helm/allkinds").toString(),
                "--set",
                "rbac.secrets=false",
                "--set",
                "rbac.extraGroups={argoproj.io}")
            .redirectErrorStream(true)
            .start();
    byte[] rendered = p.getInputStream().readAllBytes();
    assertTrue(
        p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0,
        new String(rendered, StandardCharsets.UTF_8));
    try (KubernetesClient client = KubeObjects.client(clusters.beta().adminKubeconfig())) {
      List<HasMetadata> chart = client.load(new ByteArrayInputStream(rendered)).items();
      var role =
          (io.fabric8.kubernetes.api.model.rbac.ClusterRole)
              chart.stream()
                  .filter(o -> o.getKind().equals("ClusterRole"))
                  .findFirst()
                  .orElseThrow();
      for (var rule : role.getRules()) {
        assertFalse(rule.getResources().contains("secrets"), rule.toString());
        assertFalse(
            rule.getApiGroups().contains("") && rule.getResources().contains("*"),
            "core is enumerated");
        assertFalse(
            rule.getApiGroups().contains("*"),
            "no wildcard group, which would include the core group");
      }
      assertTrue(role.getRules().stream().anyMatch(r -> r.getApiGroups().contains("argoproj.io")));
      var configMap =
          (io.fabric8.kubernetes.api.model.ConfigMap)
              chart.stream().filter(o -> o.getKind().equals("ConfigMap")).findFirst().orElseThrow();
      Path file = Files.createTempFile("allkinds-chart", ".yaml");
      try {
        Files.writeString(file, configMap.getData().get("allkinds.yaml"));
        AllKindsConfig config =
            new ConfigLoader(Map.of("ALLKINDS_HTTP_TOKENS", "a-token-of-sixteen-chars")).load(file);
        assertFalse(config.sync().wants("", "secrets"), "Secrets are not synced either");
        assertTrue(config.sync().wants("", "configmaps"));
      } finally {
        Files.delete(file);
      }
    }
  }

  @Test
  void theChartsPostgresqlExampleRunsReplicasWithADisruptionBudget(SharedClusters.Clusters clusters)
      throws Exception {
    Path repo = TestFiles.repoRoot();
    Process p =
        new ProcessBuilder(
                helm().toString(),
                "template",
                "allkinds",
                repo.resolve("deploy/helm/allkinds").toString(),
                "--namespace",
                "allkinds-helm-pg",
                "-f",
                repo.resolve("deploy/helm/allkinds/values-postgresql.yaml").toString(),
                "--set",
                "kubeconfigs.prod=apiVersion: v1")
            .redirectErrorStream(true)
            .start();
    byte[] rendered = p.getInputStream().readAllBytes();
    assertTrue(
        p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0,
        new String(rendered, StandardCharsets.UTF_8));
    try (KubernetesClient client = KubeObjects.client(clusters.beta().adminKubeconfig())) {
      List<HasMetadata> chart = client.load(new ByteArrayInputStream(rendered)).items();
      List<String> kinds = chart.stream().map(HasMetadata::getKind).toList();
      assertTrue(
          kinds.contains("PodDisruptionBudget") && !kinds.contains("PersistentVolumeClaim"),
          kinds.toString());
      var deployment =
          (io.fabric8.kubernetes.api.model.apps.Deployment)
              chart.stream()
                  .filter(i -> i.getKind().equals("Deployment"))
                  .findFirst()
                  .orElseThrow();
      assertEquals(3, deployment.getSpec().getReplicas());
      var pdb =
          (io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget)
              chart.stream()
                  .filter(i -> i.getKind().equals("PodDisruptionBudget"))
                  .findFirst()
                  .orElseThrow();
      assertEquals(
          deployment.getSpec().getTemplate().getMetadata().getLabels(),
          pdb.getSpec().getSelector().getMatchLabels(),
          "the budget selects the replicas' pods");
      // The test servers are v1.20, which serves PodDisruptionBudget only as policy/v1beta1:
      // dry-run the rest.
      dryRun(
          client, chart.stream().filter(i -> !i.getKind().equals("PodDisruptionBudget")).toList());
      var configMap =
          (io.fabric8.kubernetes.api.model.ConfigMap)
              chart.stream().filter(i -> i.getKind().equals("ConfigMap")).findFirst().orElseThrow();
      Path file = Files.createTempFile("allkinds-chart-", ".yaml");
      try {
        Files.writeString(file, configMap.getData().get("allkinds.yaml"));
        var config =
            new ConfigLoader(Map.of("ALLKINDS_HTTP_TOKENS", "the-chart-makes-a-token")).load(file);
        assertTrue(
            config.sharding().enabled(),
            "the rendered configuration shares clusters between replicas");
        assertTrue(config.store().url().startsWith("jdbc:postgresql://"), config.store().url());
      } finally {
        Files.delete(file);
      }
    }
  }

  @Test
  void theClusterRoleLetsAServiceAccountListAndWatchButNotWrite(SharedClusters.Clusters clusters)
      throws Exception {
    Path repo = TestFiles.repoRoot();
    try (KubernetesClient admin = KubeObjects.client(clusters.beta().adminKubeconfig())) {
      List<HasMetadata> manifests;
      try (var in = Files.newInputStream(repo.resolve("deploy/kubernetes/allkinds.yaml"))) {
        manifests = admin.load(in).items();
      }
      for (HasMetadata item : manifests) {
        if (List.of("Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding")
            .contains(item.getKind())) {
          admin.resource(item).createOr(r -> r.update());
        }
      }
      TokenRequest request =
          admin
              .serviceAccounts()
              .inNamespace("allkinds")
              .withName("allkinds")
              .tokenRequest(
                  new TokenRequestBuilder()
                      .withNewSpec()
                      .withExpirationSeconds(3600L)
                      .endSpec()
                      .build());
      String token = request.getStatus().getToken();
      Config config =
          new ConfigBuilder(Config.empty())
              .withMasterUrl(clusters.beta().server())
              .withOauthToken(token)
              .withTrustCerts(true)
              .build();
      try (KubernetesClient sa = new KubernetesClientBuilder().withConfig(config).build()) {
        assertFalse(sa.namespaces().list().getItems().isEmpty());
        sa.secrets().inAnyNamespace().list();
        KubernetesClientException noGet =
            assertThrows(
                KubernetesClientException.class, () -> sa.namespaces().withName("default").get());
        assertEquals(
            403,
            noGet.getCode(),
            "list and watch only: no get, so no subresource such as pods/log");
        sa.apiextensions().v1().customResourceDefinitions().list();
        sa.rbac().clusterRoles().list();
        CountDownLatch event = new CountDownLatch(1);
        try (Watch w =
            sa.configMaps()
                .inAnyNamespace()
                .watch(
                    new Watcher<>() {
                      @Override
                      public void eventReceived(
                          Action action, io.fabric8.kubernetes.api.model.ConfigMap resource) {
                        event.countDown();
                      }

                      @Override
                      public void onClose(WatcherException cause) {}
                    })) {
          admin
              .configMaps()
              .inNamespace("allkinds")
              .resource(KubeObjects.configMap("allkinds", "ping-" + System.nanoTime(), "x"))
              .create();
          assertTrue(
              event.await(30, TimeUnit.SECONDS), "the service account's watch sees a change");
        }
        KubernetesClientException denied =
            assertThrows(
                KubernetesClientException.class,
                () ->
                    sa.configMaps()
                        .inNamespace("allkinds")
                        .resource(KubeObjects.configMap("allkinds", "nope", "x"))
                        .create());
        assertEquals(403, denied.getCode(), "read-only: writes are forbidden");
      }
    }
  }
}
