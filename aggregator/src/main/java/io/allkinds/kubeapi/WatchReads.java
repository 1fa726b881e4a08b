package io.allkinds.kubeapi;

import io.allkinds.model.ChangePage;
import io.allkinds.model.ChangeQuery;
import io.allkinds.model.EventType;
import io.allkinds.model.JournalBounds;
import io.allkinds.model.JournalEntry;
import io.allkinds.model.JournalSink;
import io.allkinds.model.LabelRequirement;
import io.allkinds.model.ObjectCursor;
import io.allkinds.model.ObjectQuery;
import io.allkinds.model.ResourceType;
import io.allkinds.store.ChangeQueries;
import io.allkinds.store.HistoryQueries;
import io.allkinds.store.InventoryQueries;
import io.allkinds.store.JournalTail;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The store reads of a watch, each one bounded batch of rendered events: where a watch starts, a
 * page of the objects it opens with, and the next changes after its position in the journal.
 * Blocking: runs on a query thread.
 */
final class WatchReads {

  /** What one read hands the watch to write. */
  record Batch(List<Buffer> events, long cursor, ObjectCursor next, boolean atHead, boolean end) {}

  /** The most journal entries one read takes. */
  static final int CHANGES_PAGE = 200;

  /** The most objects one page of initial events holds. */
  static final int OBJECTS_PAGE = 500;

  /** The bytes of bodies after which a read stops (it always takes at least one). */
  static final long BATCH_BYTES = 1024 * 1024;

  private final InventoryQueries inventory;
  private final ChangeQueries changes;
  private final HistoryQueries history;
  private final JournalTail tail;
  private final CrdNames crds;

  WatchReads(
      InventoryQueries inventory,
      ChangeQueries changes,
      HistoryQueries history,
      JournalTail tail,
      CrdNames crds) {
    this.inventory = inventory;
    this.changes = changes;
    this.history = history;
    this.tail = tail;
    this.crds = crds;
  }

  /** Settles what a watch of {@code path} follows and where it starts. */
  WatchPlan plan(KubePath path, ResourceType type, ListParams p, Rendering r) {
    p.fields().checkFor(type);
    WatchParams w = p.watch();
    String namespace = path.namespace();
    if (!type.namespaced()) {
      namespace = "";
    } else if (namespace == null) {
      namespace = p.fields().equal(FieldSelector.NAMESPACE);
    }
    TableLayout layout = r.table() ? TableLayout.of(path, type, crds) : null;
    long start;
    KubeStatus expired = null;
    if (w.resourceVersion() >= 0) {
      start = w.resourceVersion();
      JournalBounds bounds = changes.bounds();
      if (!bounds.continuesAfter(start)) {
        expired = KubeStatus.expired(start, bounds.first() - 1);
      }
    } else if (path.at() != null) {
      start = changes.seqAt(path.at());
    } else {
      start = tail.latest(); // before the objects are read: a change after it is an event
    }
    String name = p.fields().equal(FieldSelector.NAME);
    return new WatchPlan(
        path, type, p, r, FleetScope.of(path, p.labels()), namespace, name, layout, start, expired);
  }

  /**
   * The next page of the objects a watch opens with, after {@code after} (null for the first), as
   * ADDED events; with the BOOKMARK ending them at the plan's start when asked for.
   */
  Batch initial(WatchPlan plan, ObjectCursor after) {
    WatchEvents events = events(plan);
    List<Buffer> out = new ArrayList<>();
    long[] bytes = {0};
    ObjectQuery q =
        ObjectQuery.ofType(
            plan.scope().clusters(),
            plan.type().group(),
            plan.type().resource(),
            plan.namespace(),
            plan.name(),
            plan.scope().stored(),
            OBJECTS_PAGE,
            after,
            plan.path().at());
    ObjectCursor next =
        inventory.stream(
            q,
            (s, body) -> {
              bytes[0] += body.length;
              if (!plan.scope().takes(s.cluster())) {
                return true;
              }
              JsonObject object =
                  plan.scope().mark(new JsonObject(Buffer.buffer(body)), s.cluster());
              if (selects(plan, s.namespace(), s.name(), object)) {
                out.add(events.object("ADDED", object, s.seq()));
              }
              return bytes[0] < BATCH_BYTES;
            });
    if (next == null && Boolean.TRUE.equals(plan.params().watch().initialEvents())) {
      out.add(events.bookmark(plan.start(), true));
    }
    return new Batch(out, plan.start(), next, false, false);
  }

  /** The watch's events among the journal entries after {@code cursor}: one bounded read. */
  Batch changes(WatchPlan plan, long cursor) {
    JournalBounds bounds = changes.bounds();
    if (!bounds.continuesAfter(cursor)) {
      // Retention pruned entries this watch had not read: it must list again, as after a 410.
      return new Batch(
          List.of(WatchEvents.error(KubeStatus.expired(cursor, bounds.first() - 1))),
          cursor,
          null,
          false,
          true);
    }
    ChangePage page =
        changes.page(
            new ChangeQuery(
                plan.scope().clusters(),
                plan.type().group(),
                null,
                plan.type().kind(),
                plan.namespace(),
                plan.name(),
                null,
                null,
                null,
                List.of(),
                null,
                cursor,
                0,
                CHANGES_PAGE));
    List<Long> seqs = new ArrayList<>();
    for (JournalEntry e : page.items()) {
      if (plan.mayMatch(e)) {
        seqs.add(e.seq());
      }
    }
    Selected selected = new Selected(plan, events(plan));
    long reached = history.bodies(seqs, selected.bySelector(), selected);
    boolean whole = seqs.isEmpty() || reached == seqs.get(seqs.size() - 1);
    long through = whole ? Math.max(cursor, page.through()) : reached;
    return new Batch(selected.out, through, null, whole && page.next() == null, false);
  }

  /**
   * The events of journal entries as a selecting watch sees them, by kube-apiserver's rules: a
   * change that makes an object match is ADDED, one that makes it stop matching is DELETED (with
   * the object as it was), and a change to an object that neither matched before nor matches now is
   * no event. Stops taking entries once their bodies pass the batch's byte budget.
   */
  private static final class Selected implements JournalSink {
    private final WatchPlan plan;
    private final WatchEvents events;
    private final List<Buffer> out = new ArrayList<>();
    private long bytes;
    private byte[] previous;

    Selected(WatchPlan plan, WatchEvents events) {
      this.plan = plan;
      this.events = events;
    }

    /** Whether the watch selects on content that a change can alter (labels or fields). */
    boolean bySelector() {
      return !plan.params().labels().isEmpty() || plan.params().fields().readsContent();
    }

    @Override
    public void previous(byte[] body) {
      previous = body;
    }

    @Override
    public boolean accept(JournalEntry e, byte[] body) {
      bytes += body.length;
      JsonObject object = plan.scope().mark(new JsonObject(Buffer.buffer(body)), e.cluster());
      boolean now = selects(plan, e.namespace(), e.name(), object);
      if (e.eventType() != EventType.MODIFIED || !bySelector()) {
        if (now) {
          out.add(events.object(e.eventType().name(), object, e.seq()));
        }
      } else {
        JsonObject before =
            previous == null
                ? null
                : plan.scope().mark(new JsonObject(Buffer.buffer(previous)), e.cluster());
        boolean then = before != null && selects(plan, e.namespace(), e.name(), before);
        if (now) {
          out.add(events.object(then ? "MODIFIED" : "ADDED", object, e.seq()));
        } else if (then) {
          out.add(events.object("DELETED", before, e.seq()));
        }
      }
      previous = null;
      return bytes < BATCH_BYTES;
    }
  }

  private static boolean selects(WatchPlan plan, String namespace, String name, JsonObject object) {
    if (!plan.params().fields().matches(plan.type(), ns(namespace), name, object)) {
      return false;
    }
    List<LabelRequirement> selector = plan.params().labels();
    if (selector.isEmpty()) {
      return true;
    }
    Map<String, String> labels = labels(object);
    return selector.stream().allMatch(r -> r.matches(labels));
  }

  private static Map<String, String> labels(JsonObject object) {
    JsonObject metadata = object.getJsonObject("metadata");
    JsonObject labels = metadata == null ? null : metadata.getJsonObject("labels");
    Map<String, String> out = new HashMap<>();
    if (labels != null) {
      labels.forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
    }
    return out;
  }

  private WatchEvents events(WatchPlan plan) {
    if (plan.layout() == null) {
      return new WatchEvents(plan.type(), null);
    }
    Instant now = Instant.now();
    return new WatchEvents(
        plan.type(), new TableRows(plan.rendering(), plan.params().include(), now, plan.layout()));
  }

  private static String ns(String namespace) {
    return namespace == null ? "" : namespace;
  }
}
