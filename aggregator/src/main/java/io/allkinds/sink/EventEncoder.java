package io.allkinds.sink;

import io.allkinds.config.SinkPayload;
import io.allkinds.json.JsonPatches;
import io.allkinds.model.JournalEntry;
import io.allkinds.model.ResourceType;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Turns a journal entry and its object into the CloudEvent a sink sends. */
final class EventEncoder {

  static final String TYPE_PREFIX = "io.allkinds.object.";

  private final SinkPayload payload;

  EventEncoder(SinkPayload payload) {
    this.payload = payload;
  }

  /**
   * The event of {@code e}, whose object is {@code body}; {@code patch} is the patch from the
   * version before (null when there is none, or it was not needed).
   */
  CloudEvent encode(JournalEntry e, byte[] body, JsonPatches.Patch patch) {
    Map<String, String> extensions = new LinkedHashMap<>();
    extensions.put("cluster", e.cluster());
    extensions.put("kind", e.type().kind());
    if (e.namespace() != null && !e.namespace().isEmpty()) {
      extensions.put("namespace", e.namespace());
    }
    return new CloudEvent(
        e.seq(),
        source(e.cluster()),
        TYPE_PREFIX + e.eventType().name().toLowerCase(Locale.ROOT),
        subject(e.type(), e.namespace(), e.name()),
        e.observedAt(),
        extensions,
        data(body, patch));
  }

  private byte[] data(byte[] body, JsonPatches.Patch patch) {
    return switch (payload) {
      case OBJECT -> body;
      case PATCH -> patch == null ? body : patch.json().getBytes(StandardCharsets.UTF_8);
      case BOTH -> {
        byte[] p = (patch == null ? "null" : patch.json()).getBytes(StandardCharsets.UTF_8);
        byte[] head = "{\"object\":".getBytes(StandardCharsets.US_ASCII);
        byte[] mid = ",\"patch\":".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + body.length + mid.length + p.length + 1];
        int i = 0;
        System.arraycopy(head, 0, out, i, head.length);
        i += head.length;
        System.arraycopy(body, 0, out, i, body.length);
        i += body.length;
        System.arraycopy(mid, 0, out, i, mid.length);
        i += mid.length;
        System.arraycopy(p, 0, out, i, p.length);
        out[out.length - 1] = '}';
        yield out;
      }
    };
  }

  /** {@code ce-source}: AllKinds and the cluster. */
  static String source(String cluster) {
    return "/allkinds/clusters/" + cluster;
  }

  /** {@code ce-subject}: the object's path in its cluster's API, which names it uniquely. */
  static String subject(ResourceType type, String namespace, String name) {
    StringBuilder s = new StringBuilder();
    s.append(type.group().isEmpty() ? "api/" : "apis/" + type.group() + "/").append(type.version());
    if (namespace != null && !namespace.isEmpty()) {
      s.append("/namespaces/").append(namespace);
    }
    return s.append('/').append(type.resource()).append('/').append(name).toString();
  }
}
