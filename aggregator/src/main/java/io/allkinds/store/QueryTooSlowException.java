package io.allkinds.store;

/** A query cancelled for running too long; the message says how to narrow it. */
public class QueryTooSlowException extends StoreException {

  public QueryTooSlowException(String message, Throwable cause) {
    super(message, cause);
  }
}
