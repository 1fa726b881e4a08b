package io.allkinds.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.allkinds.config.ConfigLoader;
import io.allkinds.config.SyncConfig;
import io.allkinds.model.EventType;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.store.BodyCodec;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher.Action;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchEventsTest {

  private static final ResourceType CONFIGMAPS =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);

  @TempDir Path dir;

  private final BodyCodec codec = new BodyCodec();
  private final List<StoreOp> submitted = new ArrayList<>();
  private final List<String> handedOver = new ArrayList<>();
  private final List<WatcherException> ended = new ArrayList<>();
  private int changes;
  private boolean stopped;

  private final WatchEvents.Owner owner =
      new WatchEvents.Owner() {
        @Override
        public boolean stopped() {
          return stopped;
        }

        @Override
        public void changed() {
          changes++;
        }

        @Override
        public void handedOver(String resourceVersion) {
          handedOver.add(resourceVersion);
        }

        @Override
        public void ended(WatcherException cause) {
          ended.add(cause);
        }
      };

  private WatchEvents events(SyncConfig sync) {
    return events(sync, submitted::add);
  }

  private WatchEvents events(SyncConfig sync, WatchEvents.Sink sink) {
    ObjectEncoder encoder =
        new ObjectEncoder(codec, sync.dropManagedFields(), new Redactor(sync.redact()));
    return new WatchEvents("c1", CONFIGMAPS, sync, encoder, sink, owner);
  }

  /** The sync section of a configuration file, read as AllKinds reads it. */
  private SyncConfig sync(String yaml) throws Exception {
    Path file = dir.resolve("allkinds.yaml");
    Files.writeString(file, "clusters:\n  - {name: a, kubeconfig: a.yaml}\nsync:\n" + yaml);
    return new ConfigLoader(Map.of()).load(file).sync();
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A ConfigMap as a watch event carries it. */
  private static ObjectNode configMap(String namespace, String name, String rv) {
    ObjectNode o = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
    ObjectNode meta =
        o.putObject("metadata")
            .put("namespace", namespace)
            .put("name", name)
            .put("uid", "uid-" + name)
            .put("resourceVersion", rv);
    meta.putArray("managedFields").addObject().put("manager", "kubectl");
    o.putObject("data").put("k", "v");
    return o;
  }

  @Test
  void aChangeInAWantedNamespaceIsHandedToTheWriterAndBecomesTheResumePoint() throws Exception {
    WatchEvents events = events(SyncConfig.defaults());
    events.event(Action.MODIFIED, configMap("team-a", "one", "42"));

    assertEquals(1, submitted.size());
    StoreOp.WatchEvent op = assertInstanceOf(StoreOp.WatchEvent.class, submitted.get(0));
    assertEquals("c1", op.cluster());
    assertSame(CONFIGMAPS, op.type());
    assertEquals(EventType.MODIFIED, op.eventType());
    assertEquals("team-a", op.object().namespace());
    assertEquals("one", op.object().name());
    assertEquals("42", op.object().resourceVersion());
    assertEquals(List.of("42"), handedOver);
    assertEquals(1, changes);
  }

  @Test
  void managedFieldsAreDroppedByDefaultAndKeptWhenConfigured() throws Exception {
    events(SyncConfig.defaults()).event(Action.ADDED, configMap("a", "one", "1"));
    events(sync("  dropManagedFields: false\n")).event(Action.ADDED, configMap("a", "two", "2"));

    assertFalse(body(submitted.get(0)).contains("managedFields"), body(submitted.get(0)));
    assertTrue(body(submitted.get(1)).contains("\"manager\":\"kubectl\""), body(submitted.get(1)));
  }

  private String body(StoreOp op) {
    byte[] stored = ((StoreOp.WatchEvent) op).object().body();
    return new String(codec.decode(stored), StandardCharsets.UTF_8);
  }

  @Test
  void anExcludedNamespaceIsNotStoredButItsResourceVersionStillCounts() throws Exception {
    WatchEvents events =
        events(sync("  namespaces:\n    include: ['team-*']\n    exclude: ['team-secret']\n"));
    events.event(Action.ADDED, configMap("team-secret", "hidden", "7"));
    events.event(Action.ADDED, configMap("kube-system", "other", "8"));
    events.event(Action.DELETED, configMap("team-a", "shown", "9"));

    assertEquals(1, submitted.size());
    StoreOp.WatchEvent op = assertInstanceOf(StoreOp.WatchEvent.class, submitted.get(0));
    assertEquals("shown", op.object().name());
    assertEquals(EventType.DELETED, op.eventType());
    assertEquals(List.of("7", "8", "9"), handedOver);
    assertEquals(1, changes);
  }

  @Test
  void aBookmarkIsStoredAsAResumePointWithoutAChange() throws Exception {
    ObjectNode bookmark = JSON.createObjectNode().put("kind", "ConfigMap");
    bookmark.putObject("metadata").put("resourceVersion", "100");
    events(SyncConfig.defaults()).event(Action.BOOKMARK, bookmark);

    assertEquals(List.of(new StoreOp.Bookmark("c1", CONFIGMAPS, "100")), submitted);
    assertEquals(List.of("100"), handedOver);
    assertEquals(0, changes);
  }

  @Test
  void anErrorEventIsIgnoredAndMovesNoResumePoint() throws Exception {
    events(SyncConfig.defaults()).event(Action.ERROR, configMap("a", "x", "5"));
    assertEquals(List.of(), submitted);
    assertEquals(List.of(), handedOver);
  }

  @Test
  void afterStopNothingIsHandedOverAndAnEndIsNotReported() throws Exception {
    WatchEvents events = events(SyncConfig.defaults());
    stopped = true;
    events.event(Action.ADDED, configMap("a", "x", "5"));
    events.ended(new WatcherException("the stream ended"));
    assertEquals(List.of(), submitted);
    assertEquals(List.of(), ended);
  }

  @Test
  void theEndOfAStreamGoesToTheOwnerWithAReasonForTheLog() throws Exception {
    WatcherException end = new WatcherException("the stream ended");
    events(SyncConfig.defaults()).ended(end);
    assertEquals(List.of(end), ended);
    assertEquals("the stream ended", WatchEvents.endReason(end));

    WatcherException gone =
        new WatcherException(
            "gone",
            new KubernetesClientException(
                new StatusBuilder().withCode(410).withMessage("too old resource version").build()));
    assertTrue(gone.isHttpGone());
    assertFalse(
        WatchEvents.endReason(gone).equals("the stream ended"), WatchEvents.endReason(gone));
  }

  @Test
  void aStoppedOwnerIsAskedBeforeEachEvent() throws Exception {
    WatchEvents events = events(SyncConfig.defaults());
    events.event(Action.ADDED, configMap("a", "x", "5"));
    stopped = true;
    events.event(Action.ADDED, configMap("a", "y", "6"));
    assertEquals(1, submitted.size());
    assertEquals(List.of("5"), handedOver);
  }

  @Test
  void anEventThatCannotBeStoredIsNotDroppedButEndsTheStreamBeforeItsResumePoint()
      throws Exception {
    WatchEvents events =
        events(
            SyncConfig.defaults(),
            op -> {
              throw new IllegalStateException("the writer has stopped");
            });
    // the failure reaches the stream (which ends, and the watch restarts from the last
    // resourceVersion handed over): it is neither swallowed nor taken as handed over
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> events.event(Action.MODIFIED, configMap("a", "y", "6")));
    assertEquals("the writer has stopped", e.getMessage());
    assertEquals(List.of(), handedOver);
    assertEquals(0, changes);
  }
}
