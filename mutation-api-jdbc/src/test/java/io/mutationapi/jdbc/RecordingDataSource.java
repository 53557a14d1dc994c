package io.mutationapi.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A data source that counts what a consumer does with the database (connections, round trips) and
 * can make the next commit fail, as a dropped connection would.
 */
final class RecordingDataSource extends PlainDataSource {
  private final DataSource delegate;
  final AtomicInteger connections = new AtomicInteger();
  final AtomicInteger executeBatch = new AtomicInteger();
  final AtomicInteger executeUpdate = new AtomicInteger();
  final AtomicInteger execute = new AtomicInteger();

  /** Plain {@code Statement}s made (no parameters), such as the one that sets lock limits. */
  final AtomicInteger plainStatements = new AtomicInteger();

  final AtomicInteger commits = new AtomicInteger();
  final AtomicInteger rollbacks = new AtomicInteger();
  private final AtomicInteger failCommits = new AtomicInteger();

  RecordingDataSource(DataSource delegate) {
    this.delegate = delegate;
  }

  /** Makes the next {@code n} commits fail after the statements ran; the database rolls back. */
  void failNextCommits(int n) {
    failCommits.set(n);
  }

  @Override
  public Connection getConnection() throws SQLException {
    connections.incrementAndGet();
    Connection real = delegate.getConnection();
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getName().equals("commit") && failCommits.getAndDecrement() > 0) {
            real.rollback();
            throw new SQLTransientConnectionException("connection lost during commit", "08006");
          }
          if (method.getName().equals("commit")) {
            commits.incrementAndGet();
          }
          if (method.getName().equals("createStatement")) {
            plainStatements.incrementAndGet();
          }
          if (method.getName().equals("rollback") && (args == null || args.length == 0)) {
            rollbacks.incrementAndGet();
          }
          Object result = invoke(method, real, args);
          if (result instanceof PreparedStatement) {
            return statement((PreparedStatement) result);
          }
          return result;
        };
    return (Connection)
        Proxy.newProxyInstance(
            RecordingDataSource.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }

  private PreparedStatement statement(PreparedStatement real) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getName().equals("executeBatch")) {
            executeBatch.incrementAndGet();
          }
          if (method.getName().equals("executeUpdate")) {
            executeUpdate.incrementAndGet();
          }
          if (method.getName().equals("execute")) {
            execute.incrementAndGet();
          }
          return invoke(method, real, args);
        };
    return (PreparedStatement)
        Proxy.newProxyInstance(
            RecordingDataSource.class.getClassLoader(),
            new Class<?>[] {PreparedStatement.class},
            handler);
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public Connection getConnection(String username, String password) {
    throw new UnsupportedOperationException();
  }
}
