package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.allkinds.testing.Aggregator;
import io.allkinds.testing.Api;
import io.allkinds.testing.ApiStates;
import io.allkinds.testing.Configs;
import io.allkinds.testing.KubeObjects;
import io.allkinds.testing.Postgres;
import io.allkinds.testing.SharedClusters;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL goes down while changes happen in a cluster and comes back: the API says the store is
 * unavailable meanwhile, the writer keeps what it could not write and retries, and afterwards every
 * change is journaled exactly once.
 */
@ExtendWith(SharedClusters.class)
class StoreOutageTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Pattern RETRIES =
      Pattern.compile("(?m)^allkinds_store_write_retries_total(?:\\{[^}]*})? (\\S+)$");

  @TempDir Path tmp;

  private static double retries(Api api) {
    Matcher m = RETRIES.matcher(api.get("/metrics").body());
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  @Test
  void changesMadeWhileTheDatabaseIsDownAreStoredOnceItIsBack(SharedClusters.Clusters shared)
      throws Exception {
    String ns = "outage-" + System.nanoTime();
    try (Postgres pg = Postgres.start();
        KubernetesClient client = KubeObjects.client(shared.alpha().adminKubeconfig())) {
      String url = pg.createDatabase("outage");
      KubeObjects.namespace(client, ns);
      Map<String, List<String>> expected = new TreeMap<>();
      try (Aggregator aggregator =
          Aggregator.start(
              tmp,
              Configs.config(
                  Configs.cluster("alpha", shared.alpha().adminKubeconfig()), pg.storeYaml(url)))) {
        Api api = aggregator.api();
        for (int i = 0; i < 10; i++) {
          String rv =
              client
                  .configMaps()
                  .resource(KubeObjects.configMap(ns, "cm-" + i, "0"))
                  .create()
                  .getMetadata()
                  .getResourceVersion();
          expected.put("cm-" + i, new ArrayList<>(List.of("ADDED@" + rv)));
        }
        Api.await(
            "10 ConfigMaps stored",
            WAIT,
            () -> ApiStates.configMaps(api, "alpha", ns),
            m -> m.size() == 10);

        pg.stopServer();
        Api.await(
            "the API says the store is unavailable",
            WAIT,
            () -> api.get("/api/v1/clusters"),
            r -> r.status() == 503 && r.json().getString("error").equals("store_unavailable"));
        double before = retries(api);
        for (int i = 0; i < 10; i++) {
          String rv =
              client
                  .configMaps()
                  .resource(KubeObjects.configMap(ns, "cm-" + i, "1"))
                  .update()
                  .getMetadata()
                  .getResourceVersion();
          expected.get("cm-" + i).add("MODIFIED@" + rv);
        }
        for (int i = 10; i < 13; i++) {
          String rv =
              client
                  .configMaps()
                  .resource(KubeObjects.configMap(ns, "cm-" + i, "0"))
                  .create()
                  .getMetadata()
                  .getResourceVersion();
          expected.put("cm-" + i, new ArrayList<>(List.of("ADDED@" + rv)));
        }
        Api.await(
            "the writer retrying the changes it holds",
            WAIT,
            () -> retries(api),
            n -> n >= before + 2);

        pg.startServer();
        Map<String, String> server = KubeObjects.serverState(client, ns);
        Api.await(
            "store equal to the server once the database is back",
            WAIT,
            () -> ApiStates.configMaps(api, "alpha", ns),
            server::equals);
        assertEquals(
            expected,
            ApiStates.configMapJournal(api, "alpha", ns),
            "every change made during the outage journaled exactly once, in order");
        assertEquals(200, api.get("/api/v1/clusters").status());
      }
    }
  }
}
