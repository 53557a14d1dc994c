package io.mutationapi.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A data source whose connections can be refused on cue, as a pool does when the database is gone:
 * after {@code ok} more connections, the next {@code failing} ones throw SQLState 08001.
 */
final class FlakyDataSource {
  private final AtomicInteger okLeft = new AtomicInteger(Integer.MAX_VALUE);
  private final AtomicInteger failuresLeft = new AtomicInteger();
  final AtomicInteger refused = new AtomicInteger();
  final DataSource dataSource;

  FlakyDataSource(DataSource real) {
    this.dataSource =
        (DataSource)
            Proxy.newProxyInstance(
                DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("getConnection") && shouldFail()) {
                    refused.incrementAndGet();
                    throw new SQLException("connection refused (test)", "08001");
                  }
                  try {
                    return method.invoke(real, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
  }

  /** After {@code ok} more connections succeed, the next {@code failing} ones are refused. */
  void refuseAfter(int ok, int failing) {
    failuresLeft.set(failing);
    okLeft.set(ok);
  }

  private boolean shouldFail() {
    if (okLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
      return false;
    }
    return failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
  }
}
