package io.allkinds.model;

/**
 * One entry of an object's {@code metadata.managedFields}, without its field set: who wrote the
 * object ({@code manager}, e.g. {@code kubectl-client-side-apply}, {@code helm}, {@code
 * kube-controller-manager}), how ({@code Apply} or {@code Update}), through which subresource
 * ({@code ""} for the object itself, {@code status}, {@code scale}), and when it last changed what
 * it manages ({@code time}, RFC 3339 as the API server wrote it; {@code ""} when absent), and a
 * hash of the set of fields it manages ({@code fields}; {@code ""} when not known).
 */
public record FieldManager(
    String manager, String operation, String subresource, String time, String fields) {

  public FieldManager {
    manager = manager == null ? "" : manager;
    operation = operation == null ? "" : operation;
    subresource = subresource == null ? "" : subresource;
    time = time == null ? "" : time;
    fields = fields == null ? "" : fields;
  }

  /** A writer whose field set is not known (as the journal keeps actors). */
  public FieldManager(String manager, String operation, String subresource, String time) {
    this(manager, operation, subresource, time, "");
  }

  /** Whether {@code other} is the same writer (manager, operation and subresource). */
  public boolean sameWriter(FieldManager other) {
    return manager.equals(other.manager)
        && operation.equals(other.operation)
        && subresource.equals(other.subresource);
  }

  /** Whether this entry's time moved since {@code before}. */
  public boolean timeMovedSince(FieldManager before) {
    return !time.equals(before.time);
  }

  /** Whether the set of fields this entry manages changed since {@code before}. */
  public boolean fieldsChangedSince(FieldManager before) {
    return !fields.equals(before.fields);
  }
}
