package io.allkinds.config;

/** How a sink's CloudEvents travel over HTTP (CloudEvents 1.0 HTTP protocol binding). */
public enum SinkMode {
  /** One request per change: the data is the body, the attributes are {@code ce-*} headers. */
  BINARY,
  /** One request per change: a {@code application/cloudevents+json} document. */
  STRUCTURED,
  /** One request per batch: a {@code application/cloudevents-batch+json} array, oldest first. */
  BATCHED
}
