package io.allkinds.config;

import java.time.Duration;
import java.util.List;

/**
 * How clusters are discovered, listed and watched, and how changes are written. A LIST page holds
 * at most {@code pageSize} objects and aims at {@code pageBudgetBytes} of JSON; every request to
 * one cluster's API server passes a token bucket of {@code qps} tokens a second holding up to
 * {@code burst}. Discovery and lists of every cluster share {@code listThreads} threads, at most
 * {@code maxConcurrentLists} of them for one cluster. Clusters that reach one API server with the
 * same credentials share one client, which opens at most {@code maxConnectionsPerServer}
 * connections to it: over HTTP/2 one carries every list and watch (another opens only past the
 * server's stream limit); over HTTP/1.1 each watch holds one.
 */
public record SyncConfig(
    int pageSize,
    int maxConcurrentLists,
    int listThreads,
    int maxConnectionsPerServer,
    Duration rediscoveryInterval,
    Duration backoffCap,
    int queueCapacity,
    int batchSize,
    boolean dropManagedFields,
    List<TypeRule> include,
    List<TypeRule> exclude,
    List<Glob> namespaceInclude,
    List<Glob> namespaceExclude,
    long pageBudgetBytes,
    int qps,
    int burst,
    List<RedactionRule> redact) {

  /**
   * Left out by default: core and events.k8s.io Events churn fast and say little about inventory;
   * the legacy {@code extensions} group only re-serves objects of other groups (its ingresses are
   * networking.k8s.io's), which would store each of them twice.
   */
  private static final List<TypeRule> DEFAULT_EXCLUDE =
      List.of(
          new TypeRule("", "events"),
          new TypeRule("events.k8s.io", "events"),
          new TypeRule("extensions", "*"));

  public SyncConfig {
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
    namespaceInclude = List.copyOf(namespaceInclude);
    namespaceExclude = List.copyOf(namespaceExclude);
    redact = List.copyOf(redact);
  }

  /** The JSON a LIST page aims at: 8 MiB. */
  private static final long DEFAULT_PAGE_BUDGET_BYTES = 8L * 1024 * 1024;

  /** Every type: the include list used when the configuration gives none. */
  private static final List<TypeRule> DEFAULT_INCLUDE = List.of(new TypeRule("*", "*"));

  /** The defaults used when the configuration says nothing. */
  public static SyncConfig defaults() {
    return new SyncConfig(
        500,
        4,
        8,
        256,
        Duration.ofMinutes(2),
        Duration.ofSeconds(60),
        10_000,
        500,
        true,
        DEFAULT_INCLUDE,
        DEFAULT_EXCLUDE,
        List.of(new Glob("*")),
        List.of(),
        DEFAULT_PAGE_BUDGET_BYTES,
        50,
        100,
        List.of());
  }

  /** Whether a type is synced: it matches an include rule and no exclude rule. */
  public boolean wants(String apiGroup, String resource) {
    return include.stream().anyMatch(r -> r.matches(apiGroup, resource))
        && exclude.stream().noneMatch(r -> r.matches(apiGroup, resource));
  }

  /** Whether objects in a namespace are synced; cluster-scoped objects ({@code ""}) always are. */
  public boolean wantsNamespace(String namespace) {
    return namespace.isEmpty()
        || (namespaceInclude.stream().anyMatch(g -> g.matches(namespace))
            && namespaceExclude.stream().noneMatch(g -> g.matches(namespace)));
  }
}
