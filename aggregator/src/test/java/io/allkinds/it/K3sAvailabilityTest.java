package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Where a Docker engine exists, checks that a k3s cluster started by testcontainers is one the
 * aggregator's client can discover. Without Docker (as on this project's machines) JUnit reports it
 * skipped: "Docker is not available" comes from {@code disabledWithoutDocker}.
 */
@Testcontainers(disabledWithoutDocker = true)
class K3sAvailabilityTest {

  @Container
  private static final K3sContainer K3S =
      new K3sContainer(DockerImageName.parse("rancher/k3s:v1.30.4-k3s1"));

  @Test
  void k3sServesDiscovery() {
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(K3S.getKubeConfigYaml()))
            .build()) {
      assertFalse(client.getApiGroups().getGroups().isEmpty());
    }
  }
}
