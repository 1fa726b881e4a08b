package io.allkinds.bench;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that counts the connections taken from another and the time each was held, from
 * {@code getConnection} to {@code close}: the sink benchmark's cheap profile of the time a sink
 * spends in the store (every read and cursor move of the sinks takes and returns one).
 */
final class TimedDataSource implements DataSource {

  private final DataSource delegate;
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong heldNanos = new AtomicLong();

  TimedDataSource(DataSource delegate) {
    this.delegate = delegate;
  }

  /** Connections taken so far. */
  long connections() {
    return connections.get();
  }

  /** Seconds they were held, in all. */
  double heldSeconds() {
    return heldNanos.get() / 1e9;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return timed(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return timed(delegate.getConnection(user, password));
  }

  private Connection timed(Connection c) {
    long start = System.nanoTime();
    connections.incrementAndGet();
    boolean[] closed = {false};
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close") && !closed[0]) {
                closed[0] = true;
                heldNanos.addAndGet(System.nanoTime() - start);
              }
              try {
                return method.invoke(c, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return delegate.isWrapperFor(iface);
  }
}
