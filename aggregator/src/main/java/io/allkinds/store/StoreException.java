package io.allkinds.store;

/** A failure of the store, with a message that says what could not be read or written. */
public class StoreException extends RuntimeException {

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Whether the store could not be reached (rather than refusing the request): worth a retry later.
   */
  public boolean unavailable() {
    return StoreErrors.isTransient(getCause());
  }
}
