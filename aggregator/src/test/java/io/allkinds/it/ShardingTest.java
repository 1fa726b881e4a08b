package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.testing.Api;
import io.allkinds.testing.ApiStates;
import io.allkinds.testing.Browser;
import io.allkinds.testing.ChildAggregator;
import io.allkinds.testing.Configs;
import io.allkinds.testing.KubeCluster;
import io.allkinds.testing.KubeObjects;
import io.allkinds.testing.Postgres;
import io.allkinds.testing.ServerSentEvents;
import io.allkinds.testing.SharedClusters;
import io.allkinds.testing.SharedPostgres;
import io.allkinds.testing.TestFiles;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Two replicas share one PostgreSQL and three real clusters: each cluster is synced by exactly one
 * replica, either replica answers for the whole fleet, and when one is killed with SIGKILL in the
 * middle of a burst the other takes its clusters over and nothing is lost or journaled twice.
 */
@ExtendWith({SharedClusters.class, SharedPostgres.class})
class ShardingTest {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int LEASE_SECONDS = 6;

  /** Rounds of changes a burst makes at most while it waits for the kill. */
  private static final int MAX_ROUNDS = 200;

  @TempDir Path tmp;

  // The fleet the steps of the test share.
  private final Map<String, KubernetesClient> clients = new LinkedHashMap<>();
  private final String ns = "shard-" + System.nanoTime();
  private String clusters;
  private String url;
  private Postgres pg;
  private ChildAggregator r1;
  private ChildAggregator r2;

  private Path config(String clusters, Postgres pg, String url, String replica) throws Exception {
    Path file = tmp.resolve(replica + ".yaml");
    Files.writeString(
        file,
        Configs.config(clusters, pg.storeYaml(url))
            + "sharding:\n  enabled: true\n  replicaId: "
            + replica
            + "\n  leaseSeconds: "
            + LEASE_SECONDS
            + "\n");
    return file;
  }

  /** cluster -> owning replica, as {@code /clusters} of the given replica shows it. */
  private static Map<String, String> owners(Api api) {
    Map<String, String> out = new TreeMap<>();
    api.items("/api/v1/clusters").stream()
        .map(JsonObject.class::cast)
        .forEach(c -> out.put(c.getString("name"), String.valueOf(c.getString("owner"))));
    return out;
  }

  @Test
  void replicasShareClustersAndTakeOverFromAKilledOneWithoutLossOrDuplicates(
      SharedClusters.Clusters shared, Postgres pg) throws Exception {
    try (KubeCluster gamma = KubeCluster.start("gamma", true)) {
      this.pg = pg;
      clients.put("alpha", KubeObjects.client(shared.alpha().adminKubeconfig()));
      clients.put("beta", KubeObjects.client(shared.beta().adminKubeconfig()));
      clients.put("gamma", KubeObjects.client(gamma.adminKubeconfig()));
      clusters =
          Configs.cluster("alpha", shared.alpha().adminKubeconfig())
              + Configs.cluster("beta", shared.beta().adminKubeconfig())
              + Configs.cluster("gamma", gamma.adminKubeconfig());
      url = pg.createDatabase("sharding");
      clients.values().forEach(c -> KubeObjects.namespace(c, ns));
      r1 = ChildAggregator.start(config(clusters, pg, url, "r1"), tmp.resolve("r1.log"));
      r2 = ChildAggregator.start(config(clusters, pg, url, "r2"), tmp.resolve("r2.log"));
      try {
        Map<String, String> owners = everyClusterIsOwnedOnceAndEitherReplicaShowsTheOwners();
        ChildAggregator survivor = theSurvivorTakesOverAKilledReplicasClustersLosingNothing(owners);
        aJoiningReplicaTakesAShareAndHandsItBackWhenItStops(survivor, survivor == r1 ? "r1" : "r2");
      } finally {
        // What each replica said about its leases, for whoever reads this test's output.
        for (ChildAggregator r : List.of(r1, r2)) {
          r.logText()
              .lines()
              .filter(l -> l.contains("shards:") || l.contains("dropped"))
              .forEach(System.out::println);
        }
        r1.close();
        r2.close();
        clients.values().forEach(KubernetesClient::close);
      }
    }
  }

  /** Every cluster owned once, both replicas busy, both answering with the same owners. */
  private Map<String, String> everyClusterIsOwnedOnceAndEitherReplicaShowsTheOwners()
      throws Exception {
    Map<String, String> owners =
        Api.await(
            "the three clusters shared by both replicas",
            WAIT,
            () -> owners(r1.api()),
            o ->
                o.size() == 3
                    && o.values().containsAll(List.of("r1", "r2"))
                    && !o.containsValue("null"));
    assertEquals(
        owners, Api.await("r2 sees the same owners", WAIT, () -> owners(r2.api()), owners::equals));
    for (String cluster : clients.keySet()) {
      Api.await(
          cluster + " synced",
          WAIT,
          () -> ApiStates.clusterState(r1.api(), cluster),
          "watching"::equals);
    }
    // Fleet-wide chores such as retention run on exactly one replica.
    Api.await(
        "one replica runs the retention task",
        WAIT,
        () ->
            List.of(r1, r2).stream()
                .filter(r -> r.logText().contains("shards: runs the retention task"))
                .count(),
        n -> n >= 1);
    assertEquals(
        1,
        List.of(r1, r2).stream()
            .filter(r -> r.logText().contains("shards: runs the retention task"))
            .count(),
        "retention leads on one replica only");
    // The UI of either replica shows the whole fleet and who syncs what.
    try (Browser browser =
        new Browser(TestFiles.repoRoot().resolve("web-ui/target/screenshots"), 1280, 800)) {
      browser.open(r2.api().base() + "/");
      WebElement main = browser.view("overview");
      for (var e : owners.entrySet()) {
        assertTrue(
            main.findElement(By.cssSelector("tr[data-cluster='" + e.getKey() + "']"))
                .getText()
                .contains(e.getValue()),
            e.getKey() + " shows its owner " + e.getValue());
      }
      assertTrue(main.getText().contains("Synced by"));
      browser.screenshot("overview-sharded");
    }

    return owners;
  }

  /**
   * A burst of changes in every cluster; the replica owning alpha dies in the middle of it. The
   * survivor owns every cluster within a lease, and the store and its live feed hold every change
   * once, in order.
   */
  private ChildAggregator theSurvivorTakesOverAKilledReplicasClustersLosingNothing(
      Map<String, String> owners) throws Exception {
    String victimId = owners.get("alpha");
    ChildAggregator victim = victimId.equals("r1") ? r1 : r2;
    ChildAggregator survivor = victim == r1 ? r2 : r1;
    String survivorId = victim == r1 ? "r2" : "r1";
    // The survivor's live feed, open through the whole burst: rows both replicas write reach
    // it.
    List<Long> streamed = java.util.Collections.synchronizedList(new ArrayList<>());
    HttpResponse<InputStream> feed =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(survivor.api().base() + "/api/v1/watch?after=0&namespace=" + ns))
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    CompletableFuture<Void> reading =
        CompletableFuture.runAsync(
            () -> {
              try {
                ServerSentEvents.read(feed.body(), Integer.MAX_VALUE, streamed, new ArrayList<>());
              } catch (Exception closed) {
                // the stream ends when the test closes it
              }
            });
    Map<String, Map<String, List<String>>> expected = new ConcurrentHashMap<>();
    List<CompletableFuture<Void>> bursts = new ArrayList<>();
    // Each burst goes on changing its ConfigMaps until the victim is dead (and at least two
    // rounds), so the kill lands in the middle of it however fast the clusters take the writes.
    AtomicBoolean killed = new AtomicBoolean();
    for (var e : clients.entrySet()) {
      Map<String, List<String>> mine = new ConcurrentHashMap<>();
      expected.put(e.getKey(), mine);
      AtomicInteger rounds = new AtomicInteger();
      bursts.add(
          CompletableFuture.runAsync(
              () ->
                  burst(
                      e.getValue(),
                      ns,
                      mine,
                      () ->
                          rounds.incrementAndGet() > MAX_ROUNDS
                              || (rounds.get() > 2 && killed.get()))));
    }
    Api.await(
        "part of the burst stored by the replica about to die",
        WAIT,
        () -> ApiStates.configMapJournal(victim.api(), "alpha", ns).size(),
        n -> n >= 20);
    long killedAt = System.nanoTime();
    victim.kill();
    killed.set(true);

    Api.await(
        "the survivor owns every cluster",
        WAIT,
        () -> owners(survivor.api()),
        o -> o.values().stream().allMatch(survivorId::equals));
    double takeover = (System.nanoTime() - killedAt) / 1e9;
    System.out.printf(
        "takeover: %s owns every cluster %.1f s after SIGKILL of %s (lease %d s)%n",
        survivorId, takeover, victimId, LEASE_SECONDS);
    // A dead replica's lease expires at most one lease period minus one renewal interval after
    // its
    // last renewal, and the survivor looks at every renewal interval: within one lease period;
    // the
    // promise tested adds one renewal interval for this test's polling and a loaded machine.
    double renewal = LEASE_SECONDS / 5.0;
    assertTrue(
        takeover <= LEASE_SECONDS + renewal,
        "taken over within one lease period plus one renewal ("
            + (LEASE_SECONDS + renewal)
            + " s): "
            + takeover
            + " s");
    for (CompletableFuture<Void> b : bursts) {
      b.get(5, TimeUnit.MINUTES);
    }
    assertStoredExactly(survivor.api(), clients, ns, expected);
    List<Long> journalSeqs = seqs(survivor.api(), ns);
    Api.await(
        "the survivor's feed delivered every journal entry",
        WAIT,
        () -> List.copyOf(streamed),
        l -> l.size() >= journalSeqs.size());
    feed.body().close();
    reading.get(30, TimeUnit.SECONDS); // the reader ends with the stream it read
    assertEquals(
        journalSeqs,
        List.copyOf(streamed),
        "the live feed equals the journal across both replicas' writes: same order, no gap, no repeat");
    assertTrue(
        survivor.logText().contains("cluster=alpha replica=" + survivorId + " shards: lease taken"),
        "the survivor's log says it took alpha over");
    assertJournalOrderedAndUnique(url, pg);

    return survivor;
  }

  /**
   * A third replica joins while changes flow: the survivor hands it a share of the clusters
   * (stopping their sync; the newcomer resumes them), then the newcomer stops gracefully, releases
   * its leases, and the survivor takes them back without waiting for expiry.
   */
  private void aJoiningReplicaTakesAShareAndHandsItBackWhenItStops(
      ChildAggregator survivor, String survivorId) throws Exception {
    String ns2 = ns + "-b";
    clients.values().forEach(c -> KubeObjects.namespace(c, ns2));
    ChildAggregator r3 =
        ChildAggregator.start(config(clusters, pg, url, "r3"), tmp.resolve("r3.log"));
    java.util.concurrent.atomic.AtomicBoolean handedOver =
        new java.util.concurrent.atomic.AtomicBoolean();
    Map<String, Map<String, List<String>>> expected2 = new ConcurrentHashMap<>();
    List<CompletableFuture<Void>> bursts2 = new ArrayList<>();
    try {
      for (var e : clients.entrySet()) {
        Map<String, List<String>> mine = new ConcurrentHashMap<>();
        expected2.put(e.getKey(), mine);
        AtomicInteger roundsAfter = new AtomicInteger();
        bursts2.add(
            CompletableFuture.runAsync(
                () ->
                    burst(
                        e.getValue(),
                        ns2,
                        mine,
                        () -> handedOver.get() && roundsAfter.incrementAndGet() > 2)));
      }
      Map<String, String> shared3 =
          Api.await(
              "the newcomer takes a share",
              WAIT,
              () -> owners(survivor.api()),
              o ->
                  o.containsValue("r3") && o.containsValue(survivorId) && !o.containsValue("null"));
      handedOver.set(true);
      assertFalse(
          bursts2.stream().allMatch(CompletableFuture::isDone),
          "handed over in the middle of a burst");
      System.out.println("rebalanced: " + shared3);
      for (CompletableFuture<Void> b : bursts2) {
        b.get(5, TimeUnit.MINUTES);
      }
      assertStoredExactly(survivor.api(), clients, ns2, expected2);
    } finally {
      r3.close(); // SIGTERM: a graceful stop
    }
    long stoppedAt = System.nanoTime();
    Api.await(
        "the survivor owns every cluster again",
        WAIT,
        () -> owners(survivor.api()),
        o -> o.values().stream().allMatch(survivorId::equals));
    System.out.printf(
        "hand-back: %s owns every cluster %.1f s after r3 stopped gracefully%n",
        survivorId, (System.nanoTime() - stoppedAt) / 1e9);
    assertTrue(
        r3.logText().contains("replica=r3 sharding: leases released"),
        "r3 released its leases on stop");
    assertStoredExactly(survivor.api(), clients, ns2, expected2);
    assertJournalOrderedAndUnique(url, pg);
  }

  /** The seq of every journal entry of the namespace, in every cluster, in order. */
  private static List<Long> seqs(Api api, String ns) {
    List<Long> out = new ArrayList<>();
    long after = 0;
    while (true) {
      JsonObject page =
          api.get("/api/v1/changes?limit=1000&namespace=" + ns + "&after=" + after).json();
      page.getJsonArray("items").stream()
          .map(JsonObject.class::cast)
          .forEach(e -> out.add(e.getLong("seq")));
      if (page.getValue("next") == null) {
        return out;
      }
      after = page.getLong("next");
    }
  }

  /**
   * 40 ConfigMaps created, each changed twice, every fourth deleted; each resulting resourceVersion
   * recorded.
   */
  /**
   * 40 ConfigMaps created, then changed round after round until {@code enough} says so (checked
   * before each round), then every fourth deleted; each resulting resourceVersion recorded.
   */
  private static void burst(
      KubernetesClient client,
      String ns,
      Map<String, List<String>> expected,
      java.util.function.BooleanSupplier enough) {
    for (int i = 0; i < 40; i++) {
      String name = "cm-" + i;
      String rv =
          client
              .configMaps()
              .resource(KubeObjects.configMap(ns, name, "0"))
              .create()
              .getMetadata()
              .getResourceVersion();
      expected.put(name, new ArrayList<>(List.of("ADDED@" + rv)));
    }
    for (int round = 1; !enough.getAsBoolean(); round++) {
      for (int i = 0; i < 40; i++) {
        String name = "cm-" + i;
        String rv =
            client
                .configMaps()
                .resource(KubeObjects.configMap(ns, name, "v" + round))
                .update()
                .getMetadata()
                .getResourceVersion();
        expected.get(name).add("MODIFIED@" + rv);
      }
    }
    for (int i = 0; i < 40; i += 4) {
      String name = "cm-" + i;
      client.configMaps().inNamespace(ns).withName(name).delete();
      // The DELETED event carries the deletion's own resourceVersion, which the delete call does
      // not return.
      expected.get(name).add("DELETED");
    }
  }

  /**
   * Waits until the store equals each server's namespace, then checks each object's journal entry
   * for entry.
   */
  private static void assertStoredExactly(
      Api api,
      Map<String, KubernetesClient> clients,
      String ns,
      Map<String, Map<String, List<String>>> expected) {
    for (var e : clients.entrySet()) {
      Map<String, String> server = KubeObjects.serverState(e.getValue(), ns);
      Api.await(
          e.getKey() + " in the store equal to the server",
          WAIT,
          () -> ApiStates.configMaps(api, e.getKey(), ns),
          server::equals);
      Map<String, List<String>> journal = new TreeMap<>();
      ApiStates.configMapJournal(api, e.getKey(), ns)
          .forEach(
              (name, entries) ->
                  journal.put(
                      name,
                      entries.stream()
                          .map(x -> x.startsWith("DELETED@") ? "DELETED" : x)
                          .collect(Collectors.toList())));
      assertEquals(
          new TreeMap<>(expected.get(e.getKey())),
          journal,
          e.getKey() + " " + ns + ": every change journaled exactly once, in order");
    }
  }

  /**
   * Straight from PostgreSQL: no change stored twice, seq strictly ordered with store time across
   * replicas.
   */
  private static void assertJournalOrderedAndUnique(String url, Postgres pg) throws Exception {
    try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
        Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery(
              "SELECT cluster, api_group, resource, namespace, name, event_type,"
                  + " resource_version, COUNT(*) FROM journal GROUP BY cluster, api_group, resource, namespace, name,"
                  + " event_type, resource_version HAVING COUNT(*) > 1")) {
        List<String> dupes = new ArrayList<>();
        while (rs.next()) {
          dupes.add(
              rs.getString(1)
                  + " "
                  + rs.getString(3)
                  + " "
                  + rs.getString(4)
                  + "/"
                  + rs.getString(5)
                  + " "
                  + rs.getString(6)
                  + "@"
                  + rs.getString(7)
                  + " x"
                  + rs.getLong(8));
        }
        assertEquals(List.of(), dupes, "journal entries stored twice");
      }
      try (ResultSet rs = st.executeQuery("SELECT seq, observed_at FROM journal ORDER BY seq")) {
        long lastSeq = 0;
        Timestamp lastAt = null;
        int rows = 0;
        while (rs.next()) {
          long seq = rs.getLong(1);
          Timestamp at = rs.getTimestamp(2);
          assertTrue(seq > lastSeq, "seq grows");
          assertTrue(lastAt == null || at.after(lastAt), "store time grows with seq at seq " + seq);
          lastSeq = seq;
          lastAt = at;
          rows++;
        }
        assertTrue(rows > 0, "the journal has rows");
      }
    }
  }
}
