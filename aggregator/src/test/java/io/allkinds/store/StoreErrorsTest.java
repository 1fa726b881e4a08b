package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.store.StoreErrors.Scope;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.h2.api.ErrorCode;
import org.h2.message.DbException;
import org.junit.jupiter.api.Test;

/**
 * Which store failures pause ingestion (store-wide) and which concern only the change being
 * written.
 */
class StoreErrorsTest {

  private static SQLException pg(String state) {
    return new SQLException("PostgreSQL says " + state, state);
  }

  private static SQLException h2(int code) {
    return DbException.getJdbcSQLException(code, "x");
  }

  @Test
  void postgresFaultsOfTheWholeStoreAreStoreWide() {
    for (String state :
        new String[] {
          "08006", "08001", "53100", "53200", "53300", "25006", "57014", "57P01", "57P03", "58030",
          "40001", "40P01", "55P03", "XX001"
        }) {
      assertEquals(Scope.STORE_WIDE, StoreErrors.scope(pg(state)), state);
    }
  }

  @Test
  void h2FaultsOfTheWholeStoreAreStoreWide() {
    for (int code :
        new int[] {
          ErrorCode.DATABASE_IS_CLOSED,
          ErrorCode.IO_EXCEPTION_1,
          ErrorCode.IO_EXCEPTION_2,
          ErrorCode.FILE_CORRUPTED_1,
          ErrorCode.DATABASE_CALLED_AT_SHUTDOWN,
          ErrorCode.LOCK_TIMEOUT_1,
          ErrorCode.GENERAL_ERROR_1,
          ErrorCode.DATABASE_IS_READ_ONLY,
          ErrorCode.DATABASE_ALREADY_OPEN_1
        }) {
      assertEquals(Scope.STORE_WIDE, StoreErrors.scope(h2(code)), String.valueOf(code));
    }
  }

  @Test
  void aRefusalOfOneChangeIsNotStoreWide() {
    for (String state : new String[] {"22001", "22P02", "23505", "23502", "54000", "42601"}) {
      assertEquals(Scope.CHANGE, StoreErrors.scope(pg(state)), state);
    }
    assertEquals(Scope.CHANGE, StoreErrors.scope(h2(ErrorCode.VALUE_TOO_LONG_2)));
    assertEquals(Scope.CHANGE, StoreErrors.scope(h2(ErrorCode.DUPLICATE_KEY_1)));
    assertEquals(Scope.CHANGE, StoreErrors.scope(new IllegalStateException("corrupt object body")));
    assertEquals(Scope.CHANGE, StoreErrors.scope(new SQLException("no state")));
  }

  @Test
  void theCauseChainIsSearched() {
    assertTrue(StoreErrors.isTransient(new StoreException("write failed", pg("53100"))));
    assertTrue(
        StoreErrors.isTransient(new RuntimeException(new IOException("No space left on device"))));
    assertTrue(StoreErrors.isTransient(new SQLTransientConnectionException("pool timed out")));
    assertFalse(StoreErrors.isTransient(new StoreException("bad value", pg("22001"))));
  }

  @Test
  void onlyFaultsOfTheConnectionRetireIt() {
    assertTrue(StoreErrors.spoilsConnection(h2(ErrorCode.DATABASE_IS_CLOSED)));
    assertTrue(StoreErrors.spoilsConnection(pg("25006")));
    assertTrue(StoreErrors.spoilsConnection(pg("08006")));
    assertFalse(
        StoreErrors.spoilsConnection(pg("57014")),
        "a statement timeout leaves the connection usable");
    assertFalse(StoreErrors.spoilsConnection(pg("40001")));
    assertFalse(StoreErrors.spoilsConnection(pg("22001")));
  }
}
