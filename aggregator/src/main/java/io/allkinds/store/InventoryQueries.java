package io.allkinds.store;

import io.allkinds.model.ObjectCursor;
import io.allkinds.model.ObjectPage;
import io.allkinds.model.ObjectQuery;
import io.allkinds.model.ObjectSink;
import io.allkinds.model.ObjectSummary;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Answers "what is there": pages of objects in key order, as they are now ({@link LiveInventory},
 * from the latest-state table) or as they were at an instant ({@link AsOfInventory}, rebuilt from
 * the journal).
 */
public final class InventoryQueries {

  private final DataSource dataSource;
  private final LiveInventory live;
  private final AsOfInventory asOf;

  public InventoryQueries(DataSource dataSource, BodyCodec codec) {
    this.dataSource = dataSource;
    Rows rows = new Rows(codec);
    this.live = new LiveInventory(rows);
    this.asOf = new AsOfInventory(rows);
  }

  /**
   * One page of objects matching the query, collected in memory: for small pages (one object,
   * tests).
   */
  public ObjectPage list(ObjectQuery q) {
    List<ObjectSummary> out = new ArrayList<>();
    ObjectCursor next =
        stream(
            q,
            (s, body) -> {
              out.add(
                  body == null ? s : s.withObjectJson(new String(body, StandardCharsets.UTF_8)));
              return true;
            });
    return new ObjectPage(out, next);
  }

  /**
   * Hands the page's objects to {@code sink} one at a time, reading each body only when the sink is
   * ready for it, and returns where the next page starts (null at the end). The page ends early,
   * with a cursor, when the sink says so.
   */
  public ObjectCursor stream(ObjectQuery q, ObjectSink sink) {
    try (Connection c = dataSource.getConnection()) {
      List<KindResolver.GroupResource> types = null;
      if (q.kind() != null || q.version() != null) {
        types =
            KindResolver.resolve(c, q.clusters(), q.group(), q.version(), q.kind(), q.resource());
      }
      return q.asOf() == null ? live.stream(c, q, types, sink) : asOf.stream(c, q, types, sink);
    } catch (SQLException e) {
      throw Rows.failure(
          e,
          "the listing",
          "narrow it with cluster, kind, namespace or an equality label selector");
    }
  }
}
