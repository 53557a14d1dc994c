package io.mutationapi.benchmarks;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A minimal connection pool for the JDBC harnesses: {@link #getConnection} hands out an idle
 * physical connection of {@code target} (opening one if none is idle) behind a proxy whose {@code
 * close()} puts it back, as a production pool does; a connection handed back outside autocommit is
 * rolled back and set to autocommit first. One caller at a time gets the same physical connection
 * again, so the consumer and the hand-written baseline write on the same connection. Thread-safe.
 */
final class SmallPool implements DataSource, AutoCloseable {
  private final DataSource target;
  private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

  SmallPool(DataSource target) {
    this.target = target;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection physical = idle.pollFirst();
    if (physical == null) {
      physical = target.getConnection();
    }
    Connection real = physical;
    boolean[] closed = {false};
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "close":
                  if (!closed[0]) {
                    closed[0] = true;
                    if (!real.getAutoCommit()) {
                      real.rollback();
                      real.setAutoCommit(true);
                    }
                    idle.addFirst(real);
                  }
                  return null;
                case "isClosed":
                  return closed[0];
                case "unwrap":
                  return real.unwrap((Class<?>) args[0]);
                default:
                  if (closed[0]) {
                    throw new SQLException("connection closed");
                  }
                  try {
                    return method.invoke(real, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
              }
            });
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public void close() throws SQLException {
    for (Connection c; (c = idle.pollFirst()) != null; ) {
      c.close();
    }
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
