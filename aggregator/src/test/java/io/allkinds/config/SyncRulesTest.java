package io.allkinds.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The namespace and type rules of the sync section, as read from a configuration file. */
class SyncRulesTest {

  @TempDir Path dir;

  private SyncConfig sync(String yaml) throws Exception {
    Path file = dir.resolve("allkinds.yaml");
    Files.writeString(file, "clusters:\n  - {name: a, kubeconfig: a.yaml}\nsync:\n" + yaml);
    return new ConfigLoader(Map.of()).load(file).sync();
  }

  @Test
  void byDefaultEveryNamespaceIsSynced() throws Exception {
    SyncConfig s = sync("  pageSize: 10\n");
    assertTrue(s.wantsNamespace("default"));
    assertTrue(s.wantsNamespace("kube-system"));
    assertTrue(s.wantsNamespace(""));
  }

  @Test
  void includeGlobsNarrowAndExcludeGlobsWin() throws Exception {
    SyncConfig s =
        sync(
            """
              namespaces:
                include: ['team-*', 'default']
                exclude: ['team-*-secret', 'team-b']
            """);
    assertTrue(s.wantsNamespace("team-a"));
    assertTrue(s.wantsNamespace("default"));
    assertFalse(s.wantsNamespace("team-b"));
    assertFalse(s.wantsNamespace("team-a-secret"));
    assertFalse(s.wantsNamespace("kube-system"));
    assertFalse(s.wantsNamespace("xteam-a"), "a glob matches the whole name");
  }

  @Test
  void clusterScopedObjectsAreSyncedWhateverTheNamespaceRules() throws Exception {
    SyncConfig s = sync("  namespaces:\n    include: []\n    exclude: ['*']\n");
    assertTrue(s.wantsNamespace(""));
    assertFalse(s.wantsNamespace("default"));
  }

  @Test
  void typeRulesIncludeByGroupAndResourceAndExcludeWins() throws Exception {
    SyncConfig s =
        sync(
            """
              include:
                - {group: 'apps'}
                - {group: '', resource: 'config*'}
              exclude:
                - {group: 'apps', resource: 'replicasets'}
            """);
    assertTrue(s.wants("apps", "deployments"));
    assertFalse(s.wants("apps", "replicasets"));
    assertTrue(s.wants("", "configmaps"));
    assertFalse(s.wants("", "pods"));
    assertFalse(s.wants("batch", "jobs"));
  }

  @Test
  void anExplicitExcludeListReplacesTheDefaultOne() throws Exception {
    assertFalse(sync("  pageSize: 10\n").wants("", "events"));
    SyncConfig s = sync("  exclude: []\n");
    assertTrue(s.wants("", "events"));
    assertTrue(s.wants("extensions", "ingresses"));
  }
}
