package io.allkinds.store;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells store-wide faults (the store unreachable, restarting, out of space, read-only, timed out,
 * an embedded database closed: nothing can be written until it is cured, and retrying later can
 * cure it) from refusals of one particular change (a value too long, a constraint it breaks), by
 * SQLSTATE class and H2 error code, the same on H2 and PostgreSQL.
 */
final class StoreErrors {

  /**
   * H2 error codes of a database that cannot write at all: closed (for example after its disk
   * filled), I/O errors, file corrupted or locked, called at shutdown, lock timeout, general error
   * (H2 reports a failed file write as one), read-only, out of memory, broken connection.
   */
  private static final Set<Integer> H2_STORE_WIDE =
      Set.of(
          90098, // DATABASE_IS_CLOSED
          90028, // IO_EXCEPTION_1
          90031, // IO_EXCEPTION_2
          90030, // FILE_CORRUPTED_1
          90121, // DATABASE_CALLED_AT_SHUTDOWN
          90020, // DATABASE_ALREADY_OPEN_1 (the file still locked while it reopens)
          90097, // DATABASE_IS_READ_ONLY
          90108, // OUT_OF_MEMORY
          90067, // CONNECTION_BROKEN_1
          90007, // OBJECT_CLOSED
          90131, // CONCURRENT_UPDATE_1
          90135, // DATABASE_IS_IN_EXCLUSIVE_MODE
          50200, // LOCK_TIMEOUT_1
          50000); // GENERAL_ERROR_1

  private StoreErrors() {}

  /** How a failure bears on the change being written. */
  enum Scope {
    /** The store takes no writes now; retrying later can cure it, whatever the changes are. */
    STORE_WIDE,
    /** The store refused these changes; others may be fine (for example a value too long). */
    CHANGE
  }

  /** Whether {@code e}, or a cause of it, is a failure that retrying later can cure. */
  static boolean isTransient(Throwable e) {
    return scope(e) == Scope.STORE_WIDE;
  }

  /**
   * The scope of a failure while writing: anything not known to be about the change is store-wide.
   */
  static Scope scope(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientException
          || t instanceof SQLRecoverableException
          || t instanceof IOException) {
        return Scope.STORE_WIDE;
      }
      if (t instanceof SQLException sql) {
        if (sql.getSQLState() != null && storeWideState(sql.getSQLState())) {
          return Scope.STORE_WIDE;
        }
        if (isH2(sql) && H2_STORE_WIDE.contains(sql.getErrorCode())) {
          return Scope.STORE_WIDE;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Scope.CHANGE;
  }

  /**
   * Whether a connection that saw {@code e} should be replaced: a store-wide fault other than a
   * timeout or a lost race (a new connection reopens a closed H2 database, or reaches the new
   * primary after a failover).
   */
  static boolean spoilsConnection(SQLException e) {
    if (scope(e) != Scope.STORE_WIDE) {
      return false;
    }
    String state = e.getSQLState();
    return state == null
        || !(state.equals("57014")
            || state.equals("40001")
            || state.equals("40P01")
            || state.equals("55P03")
            || (isH2(e) && e.getErrorCode() == 50200));
  }

  /** Whether a SQLSTATE names a store-wide fault. */
  static boolean storeWideState(String state) {
    return state.startsWith("08") // connection exception
        || state.startsWith(
            "53") // insufficient resources: disk full (53100), out of memory, too many connections
        || state.startsWith(
            "57") // operator intervention: statement timeout (57014), shutdown, starting up (57P0x)
        || state.startsWith("58") // system error: I/O error (58030)
        || state.equals("25006") // read-only transaction (a standby after failover,
        // default_transaction_read_only)
        || state.equals("40001")
        || state.equals("40P01") // serialization failure, deadlock
        || state.equals("55P03") // lock not available
        || state.equals("55006") // object in use
        || state.startsWith("XX"); // internal error, data corrupted
  }

  private static boolean isH2(SQLException e) {
    return e.getClass().getName().startsWith("org.h2.");
  }
}
