package io.allkinds.model;

/** How a sink's delivery is doing, as the API shows it. */
public enum SinkState {
  /** Every entry up to the journal's head is delivered. */
  IDLE,
  /** Entries wait and the last request was accepted. */
  DELIVERING,
  /** The last request failed (see the last error); it is being tried again. */
  RETRYING,
  /**
   * It fell further behind than its maximum lag: retention pruned (or may prune) entries it had not
   * delivered.
   */
  LAGGING,
  /** Replicas share the sinks and none holds this one's lease now. */
  UNASSIGNED
}
