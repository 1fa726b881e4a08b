package io.allkinds.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.allkinds.config.ClusterConfig;
import io.allkinds.config.SyncConfig;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.store.BodyCodec;
import io.allkinds.testing.KubeCluster;
import io.allkinds.testing.KubeObjects;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher.Action;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.impl.BaseClient;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link WatchStream} against a real API server, through the client AllKinds builds (HTTP/2 over
 * TLS): events arrive in order with their objects, a too old resourceVersion ends the stream as
 * 410, a handler's failure ends it (and a watch restarted from the last event handed over loses
 * nothing), and a closed stream reports nothing more.
 */
class WatchStreamTest {

  private static final ResourceType CONFIGMAPS =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static KubeCluster server;
  private static Vertx vertx;
  private static SharedClients.Lease<KubernetesClient> lease;
  private static KubernetesClient client;
  private static Executor executor;

  @BeforeAll
  static void start() throws Exception {
    server = KubeCluster.start("watchstream", false);
    vertx = Vertx.vertx();
    KubeClients clients =
        new KubeClients(
            new ApiHttpClientFactory(vertx, 4, true), new ApiHttpClientFactory(vertx, 4, false));
    lease = clients.create(new ClusterConfig("ws", server.adminKubeconfig(), null));
    client = lease.get();
    executor = client.adapt(BaseClient.class).getExecutor();
  }

  @AfterAll
  static void stop() throws Exception {
    if (lease != null) {
      lease.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
    if (server != null) {
      server.close();
    }
  }

  /** What a stream reported of one namespace. */
  private static final class Recorder implements WatchStream.Handler {
    final String namespace;
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<WatcherException> ended = new CopyOnWriteArrayList<>();

    Recorder(String namespace) {
      this.namespace = namespace;
    }

    @Override
    public void event(Action action, ObjectNode object) throws Exception {
      if (namespace.equals(TypeLister.namespaceOf(object))) {
        events.add(action + " " + object.path("metadata").path("name").asText());
      }
    }

    @Override
    public void ended(WatcherException cause) {
      ended.add(cause);
    }
  }

  private static String resourceVersionNow(String ns) {
    return client.configMaps().inNamespace(ns).list().getMetadata().getResourceVersion();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(50); // polling interval of a deadline-bounded wait
    }
  }

  @Test
  void eventsArriveInOrderWithTheirObjects() throws Exception {
    KubeObjects.namespace(client, "order");
    String from = resourceVersionNow("order");
    Recorder r = new Recorder("order");
    WatchStream stream = WatchStream.start(client, CONFIGMAPS, from, executor, r);
    try {
      var cms = client.configMaps().inNamespace("order");
      cms.resource(KubeObjects.configMap("order", "one", "1")).create();
      cms.withName("one")
          .edit(
              c -> {
                c.setData(Map.of("value", "2"));
                return c;
              });
      // a large object spans several frames
      cms.resource(KubeObjects.configMap("order", "big", "x".repeat(200_000))).create();
      cms.withName("one").delete();
      List<String> expected = List.of("ADDED one", "MODIFIED one", "ADDED big", "DELETED one");
      await("four events arrived", () -> r.events.size() >= expected.size());
      assertEquals(expected, r.events);
      assertEquals(List.of(), r.ended);
    } finally {
      stream.close();
    }
  }

  @Test
  void aCompactedResourceVersionEndsTheStreamAsGone() throws Exception {
    KubeObjects.namespace(client, "gone");
    String old = resourceVersionNow("gone");
    for (int i = 0; i < 3; i++) {
      client
          .configMaps()
          .inNamespace("gone")
          .resource(KubeObjects.configMap("gone", "c" + i, "v"))
          .create();
    }
    server.compactEtcd();
    Recorder r = new Recorder("gone");
    WatchStream stream = WatchStream.start(client, CONFIGMAPS, old, executor, r);
    try {
      await("the stream ended", () -> !r.ended.isEmpty());
      assertTrue(r.ended.get(0).isHttpGone(), WatchEvents.endReason(r.ended.get(0)));
      assertEquals(1, r.ended.size());
    } finally {
      stream.close();
    }
  }

  @Test
  void aWatchEventThatCannotBeStoredEndsTheStreamAndARestartLosesNothing() throws Exception {
    KubeObjects.namespace(client, "fail");
    String from = resourceVersionNow("fail");
    List<String> handedOver = new CopyOnWriteArrayList<>();
    List<WatcherException> ended = new CopyOnWriteArrayList<>();
    WatchEvents.Owner owner =
        new WatchEvents.Owner() {
          @Override
          public boolean stopped() {
            return false;
          }

          @Override
          public void changed() {}

          @Override
          public void handedOver(String resourceVersion) {
            handedOver.add(resourceVersion);
          }

          @Override
          public void ended(WatcherException cause) {
            ended.add(cause);
          }
        };
    ObjectEncoder encoder =
        new ObjectEncoder(new BodyCodec(), true, new Redactor(SyncConfig.defaults().redact()));
    List<String> stored = new CopyOnWriteArrayList<>();
    IllegalStateException refusal = new IllegalStateException("the store refused it");
    WatchEvents.Sink failsOnSecond =
        op -> {
          if (stored.size() == 1) {
            throw refusal;
          }
          stored.add(((StoreOp.WatchEvent) op).object().name());
        };
    WatchStream first =
        WatchStream.start(
            client,
            CONFIGMAPS,
            from,
            executor,
            new WatchEvents(
                "ws", CONFIGMAPS, SyncConfig.defaults(), encoder, failsOnSecond, owner));
    var cms = client.configMaps().inNamespace("fail");
    for (String name : List.of("a", "b", "c")) {
      cms.resource(KubeObjects.configMap("fail", name, "v")).create();
    }
    await("the first stream ended", () -> !ended.isEmpty());
    first.close();
    assertEquals(1, ended.size());
    assertSame(refusal, ended.get(0).getCause(), WatchEvents.endReason(ended.get(0)));
    assertEquals(List.of("a"), stored);
    assertEquals(1, handedOver.size(), "only the stored event is a resume point");

    // the restart WatchRetries makes: from the last resourceVersion handed over
    WatchStream second =
        WatchStream.start(
            client,
            CONFIGMAPS,
            handedOver.get(0),
            executor,
            new WatchEvents(
                "ws",
                CONFIGMAPS,
                SyncConfig.defaults(),
                encoder,
                op -> stored.add(((StoreOp.WatchEvent) op).object().name()),
                owner));
    try {
      await("b and c were stored", () -> stored.size() >= 3);
      assertEquals(List.of("a", "b", "c"), stored);
    } finally {
      second.close();
    }
  }

  @Test
  void aClosedStreamReportsNothingMore() throws Exception {
    KubeObjects.namespace(client, "closed");
    String from = resourceVersionNow("closed");
    Recorder closed = new Recorder("closed");
    WatchStream.start(client, CONFIGMAPS, from, executor, closed).close();
    Recorder open = new Recorder("closed");
    WatchStream stream = WatchStream.start(client, CONFIGMAPS, from, executor, open);
    try {
      client
          .configMaps()
          .inNamespace("closed")
          .resource(KubeObjects.configMap("closed", "late", "v"))
          .create();
      await("the open stream saw the object", () -> !open.events.isEmpty());
      assertEquals(List.of("ADDED late"), open.events);
      assertEquals(List.of(), closed.events);
      assertEquals(List.of(), closed.ended);
    } finally {
      stream.close();
    }
  }
}
