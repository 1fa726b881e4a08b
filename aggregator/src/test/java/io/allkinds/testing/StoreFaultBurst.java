package io.allkinds.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A burst of ConfigMap changes on a real API server while a store fault is injected: {@code count}
 * ConfigMaps created, then updated round after round until {@link #finish()}, then every fourth
 * deleted; each resourceVersion the API server returned is recorded, to compare with the journal.
 */
public final class StoreFaultBurst {

  private final KubernetesClient client;
  private final String ns;
  private final int count;
  private final Map<String, List<String>> expected = new ConcurrentHashMap<>();
  private final AtomicInteger changes = new AtomicInteger();
  private final AtomicBoolean enough = new AtomicBoolean();
  private final AtomicInteger roundsAfterEnough = new AtomicInteger();
  private CompletableFuture<Void> running;

  public StoreFaultBurst(KubernetesClient client, String ns, int count) {
    this.client = client;
    this.ns = ns;
    this.count = count;
  }

  /** Starts the burst on another thread. */
  public StoreFaultBurst start() {
    running = CompletableFuture.runAsync(this::run);
    return this;
  }

  private void run() {
    for (int i = 0; i < count; i++) {
      String name = "cm-" + i;
      String rv =
          client
              .configMaps()
              .resource(KubeObjects.configMap(ns, name, "0"))
              .create()
              .getMetadata()
              .getResourceVersion();
      expected.put(name, new ArrayList<>(List.of("ADDED@" + rv)));
      changes.incrementAndGet();
    }
    // At least one full round after finish() was asked for: changes made once the fault is cured.
    for (int round = 1; roundsAfterEnough.get() < 1; round++) {
      boolean last = enough.get();
      for (int i = 0; i < count; i++) {
        String name = "cm-" + i;
        String rv =
            client
                .configMaps()
                .resource(KubeObjects.configMap(ns, name, "v" + round))
                .update()
                .getMetadata()
                .getResourceVersion();
        expected.get(name).add("MODIFIED@" + rv);
        changes.incrementAndGet();
      }
      if (last) {
        roundsAfterEnough.incrementAndGet();
      }
    }
    for (int i = 0; i < count; i += 4) {
      String name = "cm-" + i;
      client.configMaps().inNamespace(ns).withName(name).delete();
      // The DELETED event carries the deletion's own resourceVersion, which the delete call does
      // not return.
      expected.get(name).add("DELETED");
      changes.incrementAndGet();
    }
  }

  /** How many changes the API server accepted so far. */
  public int changes() {
    if (running.isCompletedExceptionally()) {
      running.join(); // throws the burst's failure
    }
    return changes.get();
  }

  /**
   * Ends the burst after one more round of updates and the deletions; returns what the journal must
   * hold.
   */
  public Map<String, List<String>> finish() throws Exception {
    enough.set(true);
    running.get(5, TimeUnit.MINUTES);
    return new TreeMap<>(expected);
  }

  /** The journal as the aggregator serves it, deletions without their resourceVersion. */
  public static Map<String, List<String>> journal(Api api, String cluster, String ns) {
    Map<String, List<String>> journal = new TreeMap<>();
    ApiStates.configMapJournal(api, cluster, ns)
        .forEach(
            (name, entries) ->
                journal.put(
                    name,
                    entries.stream()
                        .map(x -> x.startsWith("DELETED@") ? "DELETED" : x)
                        .collect(Collectors.toList())));
    return journal;
  }
}
