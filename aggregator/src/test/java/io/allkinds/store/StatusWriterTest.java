package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.allkinds.config.StoreConfig;
import io.allkinds.model.ClusterStatusView;
import io.allkinds.model.ResourceType;
import io.allkinds.model.ResourceTypeView;
import io.allkinds.model.StoreOp;
import io.allkinds.model.SyncState;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Type and cluster status rows as the writer upserts them on a real H2 file, read back through
 * {@link StatusQueries}.
 */
class StatusWriterTest {

  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);

  @TempDir Path dir;

  private Database db;

  @BeforeEach
  void open() {
    db = Database.open(new StoreConfig("jdbc:h2:file:" + dir.resolve("store"), null, null));
  }

  @AfterEach
  void close() {
    db.close();
  }

  private void write(StoreOp... ops) throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      BatchStatements statements = new BatchStatements(c);
      StatusWriter status = new StatusWriter(statements);
      for (StoreOp op : ops) {
        if (op instanceof StoreOp.TypeStatus t) {
          status.typeStatus(t);
        } else if (op instanceof StoreOp.ClusterStatus s) {
          status.clusterStatus(s);
        }
      }
      statements.close();
      c.commit();
    }
  }

  @Test
  void aClusterRowIsInsertedThenUpdatedKeepingItsServerWhenNoneIsGiven() throws Exception {
    write(new StoreOp.ClusterStatus("c1", "https://c1:6443", SyncState.CONNECTING, null));
    write(new StoreOp.ClusterStatus("c1", null, SyncState.UNREACHABLE, "x".repeat(5000)));

    ClusterStatusView view = new StatusQueries(db.dataSource()).clusters().get(0);
    assertEquals("https://c1:6443", view.server());
    assertEquals(SyncState.UNREACHABLE.wireName(), view.state());
    assertEquals(4000, view.message().length(), "a long message is cut to what the row keeps");
    assertEquals("...", view.message().substring(3997));
  }

  @Test
  void aTypeRowFollowsItsStateAndCountsAsSyncedWhenWatchingOrForbidden() throws Exception {
    ResourceType secrets = new ResourceType("", "v1", "secrets", "Secret", true);
    write(
        new StoreOp.ClusterStatus("c1", "https://c1:6443", SyncState.WATCHING, null),
        new StoreOp.TypeStatus("c1", CM, SyncState.LISTING, null),
        new StoreOp.TypeStatus("c1", secrets, SyncState.LISTING, null));
    assertEquals(0, new StatusQueries(db.dataSource()).clusters().get(0).typesSynced());

    write(
        new StoreOp.TypeStatus("c1", CM, SyncState.WATCHING, null),
        new StoreOp.TypeStatus("c1", secrets, SyncState.FORBIDDEN, "no RBAC"));

    List<ResourceTypeView> types = new StatusQueries(db.dataSource()).resourceTypes(List.of("c1"));
    assertEquals(
        List.of("configmaps watching", "secrets forbidden"),
        types.stream().map(t -> t.type().resource() + " " + t.state()).toList());
    ClusterStatusView cluster = new StatusQueries(db.dataSource()).clusters().get(0);
    assertEquals(2, cluster.resourceTypes());
    assertEquals(2, cluster.typesSynced());
  }
}
