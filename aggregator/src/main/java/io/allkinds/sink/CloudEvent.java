package io.allkinds.sink;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * One CloudEvents 1.0 event for one journal entry, its data a JSON document. Encodes itself for the
 * HTTP protocol binding: as {@code ce-*} headers and a body (binary mode) or as one JSON document
 * (structured mode, and each member of a batch).
 */
@SuppressWarnings("ArrayRecordComponent") // the data is sent, never compared
record CloudEvent(
    long seq,
    String source,
    String type,
    String subject,
    Instant time,
    Map<String, String> extensions,
    byte[] data) {

  static final String SPEC_VERSION = "1.0";
  static final String DATA_CONTENT_TYPE = "application/json";

  /** The event's id: the journal sequence number, a receiver's dedupe key. */
  String id() {
    return Long.toString(seq);
  }

  /** The binary mode's headers (the body is {@link #data}). */
  MultiMap binaryHeaders() {
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    h.add("content-type", DATA_CONTENT_TYPE);
    h.add("ce-specversion", SPEC_VERSION);
    h.add("ce-id", id());
    h.add("ce-source", headerValue(source));
    h.add("ce-type", type);
    h.add("ce-subject", headerValue(subject));
    h.add("ce-time", time.toString());
    extensions.forEach((k, v) -> h.add("ce-" + k, headerValue(v)));
    return h;
  }

  /** The structured mode's JSON document: the attributes and the data, as UTF-8. */
  Buffer structured() {
    JsonObject attributes =
        new JsonObject()
            .put("specversion", SPEC_VERSION)
            .put("id", id())
            .put("source", source)
            .put("type", type)
            .put("subject", subject)
            .put("time", time.toString())
            .put("datacontenttype", DATA_CONTENT_TYPE);
    extensions.forEach(attributes::put);
    String head = attributes.encode();
    // The data is already JSON: spliced in, never parsed and encoded again.
    return Buffer.buffer(data.length + head.length() + 16)
        .appendString(head.substring(0, head.length() - 1))
        .appendString(",\"data\":")
        .appendBytes(data)
        .appendString("}");
  }

  /**
   * A header value as the HTTP binding wants it: UTF-8, with space, {@code "}, {@code %} and
   * everything outside printable ASCII percent-encoded.
   */
  static String headerValue(String value) {
    StringBuilder out = null;
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xff;
      boolean plain = b > 0x20 && b < 0x7f && b != '"' && b != '%';
      if (!plain && out == null) {
        out = new StringBuilder(new String(bytes, 0, i, StandardCharsets.US_ASCII));
      }
      if (out != null) {
        if (plain) {
          out.append((char) b);
        } else {
          out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)));
          out.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
        }
      }
    }
    return out == null ? value : out.toString();
  }
}
