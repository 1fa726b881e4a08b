package io.allkinds.sink;

import io.allkinds.config.SinkConfig;
import io.allkinds.config.SinkFilter;
import io.allkinds.config.SinkPayload;
import io.allkinds.json.JsonPatches;
import io.allkinds.model.ChangePage;
import io.allkinds.model.ChangeQuery;
import io.allkinds.model.EventType;
import io.allkinds.model.JournalEntry;
import io.allkinds.model.JournalSink;
import io.allkinds.model.SinkCursor;
import io.allkinds.store.ChangeQueries;
import io.allkinds.store.HistoryQueries;
import io.allkinds.store.SinkCursors;
import io.allkinds.store.SinkDeadLetters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a sink's next {@link Round} from the store (blocking, on the sinks' worker): its cursor
 * (carrying out a replay request first), the dead letters asked to be resent, a page of journal
 * entries after the cursor, and the events of those its filter matches, with bodies, within a byte
 * budget.
 */
final class RoundReader {

  /** Journal entries per round. */
  static final int PAGE = 500;

  /** The bodies one round holds at most (a round always takes at least one entry). */
  static final long MAX_BYTES = 8L << 20;

  private static final int RESENDS = 20;

  private final SinkConfig config;
  private final SinkCursors cursors;
  private final SinkDeadLetters deadLetters;
  private final ChangeQueries changes;
  private final HistoryQueries history;
  private final EventEncoder encoder;
  private final boolean previous;

  RoundReader(
      SinkConfig config,
      SinkCursors cursors,
      SinkDeadLetters deadLetters,
      ChangeQueries changes,
      HistoryQueries history) {
    this.config = config;
    this.cursors = cursors;
    this.deadLetters = deadLetters;
    this.changes = changes;
    this.history = history;
    this.encoder = new EventEncoder(config.payload());
    this.previous = !config.filter().changed().isEmpty() || config.payload() != SinkPayload.OBJECT;
  }

  Round read() throws Exception {
    String name = config.name();
    SinkCursor cursor = cursors.read(name);
    if (cursor == null) {
      cursors.ensure(List.of(name));
      cursor = cursors.read(name);
    }
    long from = cursor.deliveredSeq();
    if (cursor.replayFrom() != null) {
      long rewound = cursors.takeReplay(name, cursor.replayFrom());
      if (rewound < 0) {
        return new Round(from, List.of(), from, null, List.of()); // lost the lease: read again
      }
      from = rewound;
    }
    List<SinkDeadLetters.Resend> resends = deadLetters.toResend(name, RESENDS);
    ChangePage page = changes.page(ChangeQuery.all(from, 0, PAGE));
    long to = page.next() != null ? page.next() : Math.max(from, page.through());
    List<JournalEntry> entries = page.items();
    SinkFilter filter = config.filter();
    List<Long> seqs = new ArrayList<>();
    for (JournalEntry e : entries) {
      if (filter.matchesEntry(e.cluster(), e.type(), e.namespace(), e.eventType())) {
        seqs.add(e.seq());
      }
    }
    List<CloudEvent> events = new ArrayList<>();
    if (!seqs.isEmpty()) {
      Matches matches = new Matches(filter, events);
      long last = history.bodies(seqs, previous, matches);
      if (matches.full) {
        to = last; // the rest waits for the next round
      }
    }
    return new Round(
        from, events, to, entries.isEmpty() ? null : entries.get(0).observedAt(), resends);
  }

  /** Takes the bodies of the entries whose metadata matched and keeps the events that match. */
  private final class Matches implements JournalSink {

    private final SinkFilter filter;
    private final List<CloudEvent> events;
    private byte[] before;
    private long bytes;
    boolean full;

    Matches(SinkFilter filter, List<CloudEvent> events) {
      this.filter = filter;
      this.events = events;
    }

    @Override
    public void previous(byte[] body) {
      before = body;
    }

    @Override
    public boolean accept(JournalEntry e, byte[] body) {
      byte[] was = before;
      before = null;
      if (body == null || !filter.matchesLabels(labels(body))) {
        return true;
      }
      JsonPatches.Patch patch =
          previous && e.eventType() == EventType.MODIFIED && was != null
              ? JsonPatches.between(was, body)
              : null;
      // Without the version before (pruned), a change cannot be shown not to touch the paths.
      if (filter.needsChangedPaths(e.eventType())
          && patch != null
          && !patch.touchesAny(filter.changed())) {
        return true;
      }
      events.add(encoder.encode(e, body, patch));
      bytes += body.length;
      full = bytes >= MAX_BYTES;
      return !full;
    }

    private Map<String, String> labels(byte[] body) {
      if (filter.labels().isEmpty()) {
        return Map.of();
      }
      JsonObject labels =
          new JsonObject(Buffer.buffer(body))
              .getJsonObject("metadata", new JsonObject())
              .getJsonObject("labels", new JsonObject());
      Map<String, String> out = new HashMap<>();
      labels.forEach(l -> out.put(l.getKey(), String.valueOf(l.getValue())));
      return out;
    }
  }
}
