package io.allkinds.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.model.EventType;
import io.allkinds.model.ResourceType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code sinks:} section: the README's five-line sink, every option, and clear errors. */
class SinkSectionTest {

  private static final ResourceType DEPLOY =
      new ResourceType("apps", "v1", "deployments", "Deployment", true);
  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);
  private static final ResourceType NS =
      new ResourceType("", "v1", "namespaces", "Namespace", false);

  @TempDir Path dir;

  private AllKindsConfig load(String yaml) throws Exception {
    Path file = dir.resolve("allkinds.yaml");
    Files.writeString(file, "clusters:\n  - {name: a, kubeconfig: a.yaml}\n" + yaml);
    return new ConfigLoader(Map.of("HOOK_TOKEN", "s3cret-token")).load(file);
  }

  private String error(String yaml) {
    return assertThrows(ConfigException.class, () -> load(yaml)).getMessage();
  }

  @Test
  void theReadmesFiveLineSinkTakesEveryChangeToADeploymentsSpecInProdClusters() throws Exception {
    SinkConfig s =
        load("""
        sinks:
          - name: prod-deployment-specs
            url: https://hooks.example.com/allkinds
            clusters: [prod-*]
            kinds: [apps/Deployment]
            changed: [/spec]
        """)
            .sinks()
            .get(0);
    SinkFilter f = s.filter();
    assertTrue(f.matchesEntry("prod-eu", DEPLOY, "shop", EventType.MODIFIED));
    assertFalse(f.matchesEntry("staging", DEPLOY, "shop", EventType.MODIFIED));
    assertFalse(f.matchesEntry("prod-eu", CM, "shop", EventType.MODIFIED));
    assertTrue(f.needsChangedPaths(EventType.MODIFIED));
    assertFalse(f.needsChangedPaths(EventType.ADDED));
    assertEquals(SinkMode.BINARY, s.mode());
    assertEquals(SinkPayload.OBJECT, s.payload());
    assertNull(s.token());
  }

  @Test
  void readsEveryOptionAndKeepsTheTokenOutOfItsDescription() throws Exception {
    Files.writeString(dir.resolve("token"), "file-token\n");
    var sinks =
        load("""
        sinks:
          - name: all
            url: http://user:pw@127.0.0.1:9000/hook?key=abc
            resources: [configmaps, "*.example.com/*"]
            namespaces: [team-*]
            labelSelector: "app in (web, api),!canary"
            changeTypes: [added, DELETED]
            send: both
            mode: batched
            batchSize: 250
            timeoutSeconds: 3
            maxAttempts: 7
            maxLagEntries: 1000
            headers: {X-Team: platform}
            tokenEnv: HOOK_TOKEN
          - name: other
            url: http://127.0.0.1:9001/
            tokenFile: token
        """)
            .sinks();
    SinkConfig s = sinks.get(0);
    SinkFilter f = s.filter();
    assertTrue(f.matchesEntry("a", CM, "team-x", EventType.ADDED));
    assertFalse(f.matchesEntry("a", CM, "team-x", EventType.MODIFIED));
    assertFalse(f.matchesEntry("a", CM, "kube-system", EventType.ADDED));
    assertFalse(f.matchesEntry("a", NS, "", EventType.ADDED), "namespaces set: no cluster scope");
    assertTrue(
        f.matchesEntry(
            "a",
            new ResourceType("db.example.com", "v1", "dbs", "DB", true),
            "team-x",
            EventType.DELETED));
    assertTrue(f.matchesLabels(Map.of("app", "web")));
    assertFalse(f.matchesLabels(Map.of("app", "web", "canary", "1")));
    assertEquals(Set.of(EventType.ADDED, EventType.DELETED), f.changeTypes());
    assertEquals(SinkPayload.BOTH, s.payload());
    assertEquals(SinkMode.BATCHED, s.mode());
    assertEquals(250, s.eventsPerRequest());
    assertEquals(7, s.maxAttempts());
    assertEquals(1000, s.maxLagEntries());
    assertEquals(Map.of("X-Team", "platform"), s.headers());
    assertEquals("s3cret-token", s.token());
    assertEquals("http://127.0.0.1:9000/hook", s.safeUrl());
    assertFalse(s.toString().contains("s3cret") || s.toString().contains("pw"), s.toString());
    assertEquals("file-token", sinks.get(1).token());
  }

  @Test
  void errorsNameTheKeyAndNeverEchoACredential() {
    String noUrl = error("sinks:\n  - {name: a}\n");
    assertTrue(noUrl.contains("sinks[0].url"), noUrl);
    String badUrl = error("sinks:\n  - {name: a, url: 'ftp://user:hunter2@x/'}\n");
    assertTrue(badUrl.contains("http:// or https://") && !badUrl.contains("hunter2"), badUrl);
    String twice =
        error("sinks:\n  - {name: a, url: 'http://x/'}\n  - {name: a, url: 'http://y/'}\n");
    assertTrue(twice.contains("used twice"), twice);
    String mode = error("sinks:\n  - {name: a, url: 'http://x/', mode: bulk}\n");
    assertTrue(mode.contains("sinks[0].mode") && mode.contains("batched"), mode);
    String pointer = error("sinks:\n  - {name: a, url: 'http://x/', changed: [spec]}\n");
    assertTrue(pointer.contains("JSON pointer"), pointer);
    String selector = error("sinks:\n  - {name: a, url: 'http://x/', labelSelector: 'a in b'}\n");
    assertTrue(selector.contains("sinks[0].labelSelector"), selector);
    String env = error("sinks:\n  - {name: a, url: 'http://x/', tokenEnv: NOT_SET}\n");
    assertTrue(env.contains("NOT_SET is not set"), env);
    String header = error("sinks:\n  - {name: a, url: 'http://x/', headers: {ce-id: '1'}}\n");
    assertTrue(header.contains("ce-id"), header);
    String unknown = error("sinks:\n  - {name: a, url: 'http://x/', filter: {}}\n");
    assertTrue(unknown.contains("unknown key"), unknown);
  }
}
