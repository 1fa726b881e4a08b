package io.allkinds.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.allkinds.model.EventType;
import io.allkinds.model.JournalEntry;
import io.allkinds.model.ObjectQuery;
import io.allkinds.model.ObjectSummary;
import io.allkinds.model.Timestamps;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Rebuilds an object's summary from a journal entry and its body, as the as-of listing shows it:
 * labels and creation time come from the body's metadata, because the journal keeps no label
 * columns.
 */
final class AsOfObject {

  private static final ObjectMapper JSON = new ObjectMapper();

  private AsOfObject() {}

  /**
   * The summary of the object the entry recorded, or empty when its labels, name or namespace do
   * not pass the query's selector and text filters. The entry's kind of change is not filtered
   * here.
   */
  static Optional<ObjectSummary> rebuild(JournalEntry e, byte[] body, ObjectQuery q) {
    JsonNode meta = parse(body).path("metadata");
    Map<String, String> labels = new LinkedHashMap<>();
    meta.path("labels")
        .fields()
        .forEachRemaining(l -> labels.put(l.getKey(), l.getValue().asText()));
    String namespace = e.namespace() == null ? "" : e.namespace();
    if (!LabelSql.matches(q.selector(), q.text(), labels, namespace, e.name())) {
      return Optional.empty();
    }
    return Optional.of(
        new ObjectSummary(
            e.cluster(),
            e.type(),
            e.namespace(),
            e.name(),
            e.uid(),
            e.resourceVersion(),
            json(labels),
            Timestamps.parseOrNull(meta.path("creationTimestamp").asText(null)),
            e.observedAt(),
            e.eventType() == EventType.DELETED,
            e.seq(),
            null));
  }

  private static JsonNode parse(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("stored body is not JSON: " + e.getMessage(), e);
    }
  }

  private static String json(Map<String, String> labels) {
    try {
      return JSON.writeValueAsString(labels);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
