package io.allkinds.bench;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.stream.Collectors;
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
  private final Map<String, long[]> byStatement = new ConcurrentHashMap<>();

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

  /**
   * Connections and the milliseconds they were held, by the first statement each prepared (its
   * first 48 characters), the longest first.
   */
  String byStatement() {
    return byStatement.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
        .map(
            e ->
                String.format(
                    Locale.ROOT,
                    "%dx %.0f ms [%s]",
                    e.getValue()[0],
                    e.getValue()[1] / 1e6,
                    e.getKey()))
        .collect(Collectors.joining(", "));
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
    String[] first = {"no statement"};
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("prepareStatement") && first[0].equals("no statement")) {
                String sql = (String) args[0];
                first[0] = sql.substring(0, Math.min(48, sql.length()));
              }
              if (method.getName().equals("close") && !closed[0]) {
                closed[0] = true;
                long held = System.nanoTime() - start;
                heldNanos.addAndGet(held);
                long[] sum = byStatement.computeIfAbsent(first[0], k -> new long[2]);
                synchronized (sum) {
                  sum[0]++;
                  sum[1] += held;
                }
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
