package io.allkinds.store;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Tells store failures worth retrying (the database unreachable or restarting, a connection lost,
 * a lost race between transactions) from the rest, by SQLSTATE class, the same on H2 and PostgreSQL.
 */
public final class StoreErrors {

  private StoreErrors() {}

  /** Whether {@code e}, or a cause of it, is a failure that retrying later can cure. */
  public static boolean isTransient(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08") // connection exception
            || state.startsWith("57P0") // PostgreSQL: server shutting down, starting up
            || state.equals("40001") || state.equals("40P01")) { // serialization failure, deadlock
          return true;
        }
      }
    }
    return false;
  }
}
