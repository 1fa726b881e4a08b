package io.allkinds.sink;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** Turns a structured-mode event (how dead letters are stored) back into binary mode. */
final class StructuredEvents {

  private StructuredEvents() {}

  /**
   * Fills {@code headers} with the event's attributes as {@code ce-*} headers; returns the data.
   */
  static Buffer toBinary(Buffer structured, MultiMap headers) {
    JsonObject event = new JsonObject(structured);
    headers.add("content-type", event.getString("datacontenttype", CloudEvent.DATA_CONTENT_TYPE));
    for (Map.Entry<String, Object> a : event) {
      String name = a.getKey();
      if (!name.equals("data") && !name.equals("datacontenttype") && a.getValue() != null) {
        headers.add("ce-" + name, CloudEvent.headerValue(String.valueOf(a.getValue())));
      }
    }
    Object data = event.getValue("data");
    return data == null ? Buffer.buffer() : Buffer.buffer(io.vertx.core.json.Json.encode(data));
  }
}
