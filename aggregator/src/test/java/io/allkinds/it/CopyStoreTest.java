package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.app.Main;
import io.allkinds.testing.Aggregator;
import io.allkinds.testing.Api;
import io.allkinds.testing.ApiStates;
import io.allkinds.testing.Configs;
import io.allkinds.testing.KubeObjects;
import io.allkinds.testing.Postgres;
import io.allkinds.testing.SharedClusters;
import io.allkinds.testing.SharedPostgres;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Moving from H2 to PostgreSQL: {@code allkinds copy-store} copies a store an aggregator filled,
 * and an aggregator on the copy answers exactly as before and resumes its watches where the H2 one
 * stopped (no relist, no repeated or missing change).
 */
@ExtendWith({SharedClusters.class, SharedPostgres.class})
class CopyStoreTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path tmp;

  @Test
  void anH2StoreCopiedToPostgresqlAnswersTheSameAndResumes(
      SharedClusters.Clusters shared, Postgres pg) throws Exception {
    String clusters = Configs.cluster("alpha", shared.alpha().adminKubeconfig());
    String h2 = "jdbc:h2:file:" + tmp.resolve("db/allkinds");
    String ns = "copy-" + System.nanoTime();
    try (KubernetesClient client = KubeObjects.client(shared.alpha().adminKubeconfig())) {
      KubeObjects.namespace(client, ns);
      Map<String, java.util.List<String>> journal;
      String objects;
      String listedAt;
      try (Aggregator onH2 =
          Aggregator.start(tmp, Configs.config(clusters, "store:\n  url: " + h2 + "\n"))) {
        for (int i = 0; i < 10; i++) {
          client.configMaps().resource(KubeObjects.configMap(ns, "cm-" + i, "0")).create();
        }
        for (int i = 0; i < 5; i++) {
          client.configMaps().resource(KubeObjects.configMap(ns, "cm-" + i, "1")).update();
        }
        client.configMaps().inNamespace(ns).withName("cm-9").delete();
        Map<String, String> server = KubeObjects.serverState(client, ns);
        Api.await(
            "H2 store equal to the server",
            WAIT,
            () -> ApiStates.configMaps(onH2.api(), "alpha", ns),
            server::equals);
        journal = ApiStates.configMapJournal(onH2.api(), "alpha", ns);
        objects = onH2.api().get("/api/v1/objects?namespace=" + ns + "&full=true&limit=100").body();
        listedAt = lastListAt(onH2.api());
      }

      String url = pg.createDatabase("copy");
      Path password = tmp.resolve("pg-password");
      java.nio.file.Files.writeString(password, pg.password() + "\n");
      int exit =
          new CommandLine(new Main())
              .execute(
                  "copy-store",
                  "--from",
                  h2,
                  "--to",
                  url,
                  "--to-user",
                  pg.user(),
                  "--to-password-file",
                  password.toString());
      assertEquals(0, exit, "copy-store succeeds");
      assertEquals(
          1,
          new CommandLine(new Main())
              .execute("copy-store", "--from", "jdbc:h2:file:" + tmp.resolve("none"), "--to", url),
          "a missing H2 file is an error, not an empty copy");
      assertEquals(
          1,
          new CommandLine(new Main())
              .execute(
                  "copy-store",
                  "--from",
                  h2,
                  "--to",
                  url,
                  "--to-user",
                  pg.user(),
                  "--to-password-file",
                  password.toString()),
          "a second copy into a filled store is refused");

      client.configMaps().resource(KubeObjects.configMap(ns, "after-move", "0")).create();
      try (Aggregator onPg = Aggregator.start(tmp, Configs.config(clusters, pg.storeYaml(url)))) {
        Api.await(
            "the change made during the move arrives",
            WAIT,
            () -> ApiStates.configMaps(onPg.api(), "alpha", ns),
            m -> m.containsKey("after-move"));
        Map<String, java.util.List<String>> after =
            ApiStates.configMapJournal(onPg.api(), "alpha", ns);
        List<String> added = after.remove("after-move");
        assertEquals(1, added.size(), "one ADDED entry for the new object");
        assertEquals(journal, after, "the journal moved entry for entry");
        assertEquals(
            listedAt,
            lastListAt(onPg.api()),
            "ConfigMaps were resumed from the copied resume point");
        String moved =
            onPg.api().get("/api/v1/objects?namespace=" + ns + "&full=true&limit=100").body();
        assertTrue(
            new JsonObject(moved).getJsonArray("items").size()
                == new JsonObject(objects).getJsonArray("items").size() + 1);
        assertTrue(
            moved.contains(new JsonObject(objects).getJsonArray("items").getJsonObject(0).encode()),
            "objects read back byte for byte");
      }
    }
  }

  private static String lastListAt(Api api) {
    return api.items("/api/v1/resource-types?cluster=alpha").stream()
        .map(JsonObject.class::cast)
        .filter(t -> t.getString("resource").equals("configmaps") && t.getString("group").isEmpty())
        .map(t -> t.getString("lastListAt"))
        .findFirst()
        .orElse(null);
  }
}
