package io.allkinds.kubeapi;

import io.allkinds.model.ObjectCursor;
import io.allkinds.model.ObjectKey;
import io.allkinds.model.ObjectQuery;
import io.allkinds.model.ObjectSort;
import io.allkinds.model.ObjectSummary;
import io.allkinds.model.ResourceType;
import io.allkinds.store.ChangeQueries;
import io.allkinds.store.InventoryQueries;
import io.allkinds.store.JournalTail;
import io.allkinds.web.ContinueToken;
import io.allkinds.web.JsonStream;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lists and gets of stored objects as kube-apiserver answers them, now or as of an instant: the
 * stored bodies in a {@code <Kind>List}, or a Table. Blocking: runs on a query thread.
 */
final class ObjectReads {

  /**
   * The most objects one store query reads: a larger {@code limit} gets pages of this many, with a
   * continue token, as kube-apiserver may answer; a list without a limit is read in such pages and
   * streamed as one answer.
   */
  static final int MAX_PAGE = 500;

  /** The most clusters a Conflict of a get under the fleet root names. */
  static final int MAX_CLUSTERS_NAMED = 20;

  private final InventoryQueries inventory;
  private final ChangeQueries changes;
  private final JournalTail tail;
  private final CrdNames crds;

  ObjectReads(InventoryQueries inventory, ChangeQueries changes, JournalTail tail, CrdNames crds) {
    this.inventory = inventory;
    this.changes = changes;
    this.tail = tail;
    this.crds = crds;
  }

  /**
   * Streams the list {@code path} asks for into {@code out}: item by item, a page ending at the
   * limit or the page byte budget with a continue token; without a limit, every page in one answer.
   */
  void list(KubePath path, ResourceType type, ListParams p, Rendering r, JsonStream out) {
    if (p.after() != null) {
      ObjectKey k = p.after().key();
      if (!(path.fleet() || k.cluster().equals(path.cluster()))
          || !k.group().equals(type.group())
          || !k.resource().equals(type.resource())) {
        throw KubeStatus.badRequest("the continue token belongs to another list");
      }
    }
    p.fields().checkFor(type);
    FleetScope scope = FleetScope.of(path, p.labels());
    TableRows table = r.table() ? table(path, type, r, p.include()) : null;
    if (table != null) {
      out.envelope(table.head(), "rows");
    } else {
      out.envelope(
          new JsonObject().put("kind", type.kind() + "List").put("apiVersion", type.apiVersion()),
          "items");
    }
    // The journal's head before the read (or its last entry at the instant): a watch from it
    // misses nothing.
    long resourceVersion = path.at() == null ? tail.latest() : changes.seqAt(path.at());
    String namespace = path.namespace();
    if (!type.namespaced()) {
      namespace = "";
    } else if (namespace == null) {
      namespace = p.fields().equal(FieldSelector.NAMESPACE);
    }
    boolean paged = p.limit() > 0;
    int pageSize = paged ? Math.min(p.limit(), MAX_PAGE) : MAX_PAGE;
    // A page reads one row more than it sends, so that a page that ends the list carries no
    // continue token (as the store says whether there is more only when it has read past the end).
    // Objects a field selector rejects after the read do not count: a paged list reads on until
    // the page holds limit objects, its byte budget is spent, or the list ends.
    AtomicInteger sent = new AtomicInteger();
    AtomicBoolean full = new AtomicBoolean();
    ObjectCursor next = p.after();
    do {
      int rows = paged ? pageSize - sent.get() + 1 : MAX_PAGE;
      ObjectQuery q =
          query(path, scope, type, namespace, p.fields().equal(FieldSelector.NAME), rows, next);
      next =
          inventory.stream(
              q,
              (s, body) -> {
                String ns = s.namespace() == null ? "" : s.namespace();
                if (!scope.takes(s.cluster())) {
                  return true;
                }
                JsonObject object =
                    scope.mark(
                        ResourceVersion.stamp(new JsonObject(Buffer.buffer(body)), s.seq()),
                        s.cluster());
                if (!p.fields().matches(type, ns, s.name(), object)) {
                  return true;
                }
                boolean room =
                    out.item(table != null ? table.row(object).toBuffer() : object.toBuffer());
                if (!room) {
                  full.set(true);
                }
                return !paged || (room && sent.incrementAndGet() < pageSize);
              });
    } while (next != null && (!paged || (!full.get() && sent.get() < pageSize)));
    JsonObject meta = new JsonObject().put("resourceVersion", String.valueOf(resourceVersion));
    if (next != null) {
      meta.put("continue", ContinueToken.encode(next, ObjectSort.KEY));
    }
    out.end(new JsonObject().put("metadata", meta));
  }

  /**
   * The one object {@code path} names, as JSON or a Table; a NotFound Status when absent, and under
   * the fleet root a Conflict naming the clusters when several have it.
   */
  Buffer get(KubePath path, ResourceType type, Rendering r, IncludeObject include) {
    FleetScope scope = FleetScope.of(path, List.of());
    List<ObjectSummary> found =
        inventory
            .list(
                query(
                    path,
                    scope,
                    type,
                    type.namespaced() ? path.namespace() : "",
                    path.name(),
                    MAX_CLUSTERS_NAMED,
                    null))
            .items()
            .stream()
            .filter(s -> s.objectJson() != null)
            .toList();
    if (found.isEmpty()) {
      throw KubeStatus.notFound(type, path.name());
    }
    if (found.size() > 1) {
      throw KubeStatus.inSeveralClusters(
          type, path.name(), found.stream().map(ObjectSummary::cluster).toList());
    }
    ObjectSummary one = found.get(0);
    JsonObject object =
        scope.mark(
            ResourceVersion.stamp(new JsonObject(one.objectJson()), one.seq()), one.cluster());
    return r.table()
        ? table(path, type, r, include).single(object, new JsonObject()).toBuffer()
        : object.toBuffer();
  }

  private static ObjectQuery query(
      KubePath path,
      FleetScope scope,
      ResourceType type,
      String namespace,
      String name,
      int limit,
      ObjectCursor after) {
    return ObjectQuery.ofType(
        scope.clusters(),
        type.group(),
        type.resource(),
        namespace,
        name,
        scope.stored(),
        limit,
        after,
        path.at());
  }

  private TableRows table(KubePath path, ResourceType type, Rendering r, IncludeObject include) {
    return new TableRows(r, include, now(path), TableLayout.of(path, type, crds));
  }

  /** The time ages are counted to: the instant of a past root, else now. */
  private static Instant now(KubePath path) {
    Instant now = Instant.now();
    return path.at() != null && path.at().isBefore(now) ? path.at() : now;
  }
}
