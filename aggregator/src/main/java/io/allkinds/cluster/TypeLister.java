package io.allkinds.cluster;

import io.allkinds.config.SyncConfig;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.store.ChangeWriter;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists every object of one resource type into the writer's queue, page by page, each page read as
 * a stream with a size chosen by {@link PageSizer}, each request through the cluster's rate limit.
 * When asked, lists in one unpaged request instead, as client-go's pager does after a continue
 * token expired: streaming makes that as cheap in memory as a page.
 */
final class TypeLister {

  private static final Logger LOG = LoggerFactory.getLogger(TypeLister.class);

  /** Longest silence from the server within one LIST response before it counts as failed. */
  private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

  /** 429 answers taken in one list before it counts as failed (and backs off as a whole). */
  private static final int MAX_THROTTLED = 10;

  /** How a complete list ended. */
  record Listed(String resourceVersion, long objects, int pages) {}

  /** A continue token expired (410 Gone) in the middle of a paged list. */
  static final class ContinueExpired extends IOException {
    ContinueExpired(KubernetesClientException cause) {
      super(
          "the continue token expired (410 Gone) after the first page: " + Errors.describe(cause),
          cause);
    }
  }

  private final String cluster;
  private final ResourceType type;
  private final ChangeWriter writer;
  private final ObjectEncoder encoder;
  private final SyncConfig sync;
  private final RequestLimiter limiter;
  private final SyncMetrics metrics;
  private final ListRequest request;
  private final PageSizer sizer;

  TypeLister(
      String cluster,
      KubernetesClient client,
      ResourceType type,
      ChangeWriter writer,
      ObjectEncoder encoder,
      SyncConfig sync,
      RequestLimiter limiter,
      SyncMetrics metrics) {
    this.cluster = cluster;
    this.type = type;
    this.writer = writer;
    this.encoder = encoder;
    this.sync = sync;
    this.limiter = limiter;
    this.metrics = metrics;
    this.request = new ListRequest(client, type, READ_TIMEOUT);
    this.sizer = new PageSizer(sync.pageSize(), sync.pageBudgetBytes());
  }

  /**
   * Lists the whole type as list {@code generation}; blocking. Returns null when {@code stopped}
   * became true half way. Throws {@link ContinueExpired} when a continue token expired.
   */
  Listed list(long generation, boolean paged, BooleanSupplier stopped)
      throws IOException, InterruptedException {
    String continueToken = null;
    long[] count = {0};
    int pages = 0;
    int throttled = 0;
    while (true) {
      Integer limit = paged ? sizer.next() : null;
      limiter.acquire();
      ListRequest.Page page;
      try {
        page =
            request.fetch(
                limit == null ? null : limit.longValue(),
                continueToken,
                (item, bytes) -> {
                  if (stopped.getAsBoolean()) {
                    throw new InterruptedException("stopped");
                  }
                  if (sync.wantsNamespace(namespaceOf(item))) {
                    writer.submit(
                        new StoreOp.Listed(cluster, type, generation, encoder.encode(type, item)));
                    if (++count[0] % 10_000 == 0) {
                      LOG.info(
                          "cluster={} type={} listing: {} objects so far",
                          cluster,
                          type.groupResource(),
                          count[0]);
                    }
                  }
                });
      } catch (InterruptedException e) {
        if (stopped.getAsBoolean()) {
          return null;
        }
        throw e;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 410 && continueToken != null) {
          throw new ContinueExpired(e);
        }
        if (e.getCode() == 429 && ++throttled <= MAX_THROTTLED) {
          // Too many requests: the answer came before any item, so the same page is asked again
          // once the server's Retry-After (or a second) has passed; every request waits with it.
          Duration wait = Errors.retryAfter(e);
          limiter.pause(wait == null ? Duration.ofSeconds(1) : wait);
          LOG.info(
              "cluster={} type={} LIST throttled (429): asking again in {} s",
              cluster,
              type.groupResource(),
              (wait == null ? Duration.ofSeconds(1) : wait).toSeconds());
          continue;
        }
        if (limit != null && e.getCode() != 403 && e.getCode() != 429) {
          shrink(limit, e);
        }
        throw e;
      } catch (IOException | RuntimeException | Error e) {
        if (limit != null) {
          shrink(limit, e);
        }
        throw e;
      }
      pages++;
      sizer.pageRead(page.items(), page.bytes());
      metrics.pageListed(page.bytes(), limit == null ? page.items() : limit);
      continueToken = page.continueToken();
      if (continueToken == null || continueToken.isEmpty()) {
        sizer.listSucceeded();
        return new Listed(page.resourceVersion(), count[0], pages);
      }
    }
  }

  private void shrink(int limit, Throwable e) {
    sizer.pageFailed(limit);
    LOG.info(
        "cluster={} type={} a page of {} failed ({}): next pages ask for {}",
        cluster,
        type.groupResource(),
        limit,
        e.getClass().getSimpleName(),
        sizer.next());
  }

  static String namespaceOf(com.fasterxml.jackson.databind.node.ObjectNode item) {
    return item.path("metadata").path("namespace").asText("");
  }
}
