package io.mutationapi.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A data source that hands out one physical connection again and again, its {@code close()} doing
 * nothing, as a pool of one would: to see what a consumer leaves behind on a pooled connection.
 */
final class OneConnection extends PlainDataSource {
  private final Connection real;

  OneConnection(DataSource delegate) throws SQLException {
    this.real = delegate.getConnection();
  }

  @Override
  public Connection getConnection() {
    return (Connection)
        Proxy.newProxyInstance(
            OneConnection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close")) {
                return null;
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  void closeForReal() throws SQLException {
    real.close();
  }

  @Override
  public Connection getConnection(String username, String password) {
    throw new UnsupportedOperationException();
  }
}
