package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.allkinds.testing.Aggregator;
import io.allkinds.testing.Api;
import io.allkinds.testing.ApiStates;
import io.allkinds.testing.Configs;
import io.allkinds.testing.KubeObjects;
import io.allkinds.testing.SharedClusters;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What the sync section decides against a real API server: objects of an excluded namespace never
 * reach the store, a LIST larger than {@code sync.pageSize} is read in pages to the last one, and
 * stored bodies carry no managedFields.
 */
@ExtendWith(SharedClusters.class)
class SyncScopeTest {

  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final int PAGE_SIZE = 5;
  private static final int LISTED = 23;
  private static final Pattern CONFIGMAPS_LISTED =
      Pattern.compile("type=configmaps listed (\\d+) objects in (\\d+) page\\(s\\)");

  @TempDir Path tmp;

  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger watchLog =
      (Logger) LoggerFactory.getLogger("io.allkinds.cluster.ResourceWatch");
  private KubernetesClient client;
  private String shown;
  private String hidden;
  private String outside;
  private Aggregator aggregator;

  @BeforeEach
  void start(SharedClusters.Clusters clusters) throws Exception {
    client = KubeObjects.client(clusters.alpha().adminKubeconfig());
    String run = Long.toString(System.nanoTime(), 36);
    shown = "scope-" + run;
    hidden = "scope-" + run + "-hidden";
    outside = "other-" + run;
    for (String ns : List.of(shown, hidden, outside)) {
      KubeObjects.namespace(client, ns);
    }
    for (int i = 0; i < LISTED; i++) {
      client.configMaps().resource(KubeObjects.configMap(shown, "listed-" + i, "0")).create();
    }
    for (String ns : List.of(hidden, outside)) {
      client.configMaps().resource(KubeObjects.configMap(ns, "listed", "0")).create();
    }
    String yaml =
        Configs.config(tmp, Configs.cluster("alpha", clusters.alpha().adminKubeconfig()))
            + """
              pageSize: %d
              namespaces:
                include: ['scope-*']
                exclude: ['scope-*-hidden']
            """
                .formatted(PAGE_SIZE);
    log.start();
    watchLog.addAppender(log);
    aggregator = Aggregator.start(tmp, yaml);
  }

  @AfterEach
  void stop() {
    if (aggregator != null) {
      aggregator.close();
    }
    watchLog.detachAppender(log);
    client.close();
  }

  private Map<String, String> stored(String ns) {
    return ApiStates.configMaps(aggregator.api(), "alpha", ns);
  }

  @Test
  void aListLargerThanAPageIsReadInPagesToTheLastOne() {
    Map<String, String> server = KubeObjects.serverState(client, shown);
    assertEquals(LISTED, server.size());
    Api.await("every listed ConfigMap stored", WAIT, () -> stored(shown), server::equals);

    int[] countAndPages =
        Api.await(
            "the ConfigMaps' list logged",
            WAIT,
            () ->
                List.copyOf(log.list).stream()
                    .map(e -> CONFIGMAPS_LISTED.matcher(e.getFormattedMessage()))
                    .filter(Matcher::find)
                    .map(
                        m -> new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))})
                    .findFirst()
                    .orElse(null),
            r -> r != null);
    int objects = countAndPages[0];
    int pages = countAndPages[1];
    assertTrue(objects >= LISTED, objects + " objects");
    assertTrue(
        pages >= (LISTED + PAGE_SIZE - 1) / PAGE_SIZE,
        objects + " objects came in " + pages + " pages of at most " + PAGE_SIZE);
  }

  @Test
  void anExcludedOrNotIncludedNamespaceNeverReachesTheStore() {
    Api.await("the included namespace synced", WAIT, () -> stored(shown).size(), n -> n == LISTED);
    // Changes after the list come by the watch, in order: once the last one is stored, the
    // earlier ones in the other namespaces have been handled.
    client.configMaps().resource(KubeObjects.configMap(hidden, "watched", "1")).create();
    client.configMaps().resource(KubeObjects.configMap(outside, "watched", "1")).create();
    client.configMaps().resource(KubeObjects.configMap(shown, "watched", "1")).create();
    Api.await(
        "the watched ConfigMap stored",
        WAIT,
        () -> stored(shown).containsKey("watched"),
        Boolean.TRUE::equals);

    assertEquals(Map.of(), stored(hidden), "excluded by sync.namespaces.exclude");
    assertEquals(Map.of(), stored(outside), "not matched by sync.namespaces.include");
    assertEquals(
        0,
        aggregator.api().changes("limit=1000&cluster=alpha&namespace=" + hidden).size(),
        "nor journaled");
  }

  @Test
  void storedBodiesCarryNoManagedFields() {
    assertFalse(
        client
            .configMaps()
            .inNamespace(shown)
            .withName("listed-0")
            .get()
            .getMetadata()
            .getManagedFields()
            .isEmpty(),
        "the API server keeps managedFields, so there is something to drop");
    Api.await("the included namespace synced", WAIT, () -> stored(shown).size(), n -> n == LISTED);
    client.configMaps().resource(KubeObjects.configMap(shown, "listed-0", "changed")).update();
    Api.await(
        "the watched change stored",
        WAIT,
        () -> body(shown, "listed-0"),
        o -> o != null && "changed".equals(o.getJsonObject("data").getString("v")));

    for (String name : List.of("listed-0", "listed-1")) {
      JsonObject object = body(shown, name);
      assertEquals(name, object.getJsonObject("metadata").getString("name"));
      assertFalse(
          object.getJsonObject("metadata").containsKey("managedFields"),
          name + " (by " + (name.equals("listed-0") ? "watch" : "list") + "): " + object);
    }
  }

  private JsonObject body(String ns, String name) {
    return aggregator
        .api()
        .get(
            "/api/v1/object?cluster=alpha&apiVersion=v1&kind=ConfigMap&namespace="
                + ns
                + "&name="
                + name)
        .json()
        .getJsonObject("object");
  }
}
