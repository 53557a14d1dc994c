package io.mutationapi.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server for tests: started once per test run (in the root store, closed when the
 * run ends) and shared by every class that registers this extension.
 */
final class PostgresExtension implements BeforeAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(PostgresExtension.class);

  private Server server;

  @Override
  public void beforeAll(ExtensionContext context) {
    Server server =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .computeIfAbsent(Server.class, k -> new Server(), Server.class);
    this.server = server;
  }

  DataSource dataSource() {
    return server.postgres.getPostgresDatabase();
  }

  /** Returns a data source whose connections have the driver {@code properties}. */
  DataSource dataSource(Map<String, String> properties) {
    return server.postgres.getPostgresDatabase(properties);
  }

  private static final class Server implements AutoCloseable {
    final EmbeddedPostgres postgres;

    Server() {
      try {
        postgres = EmbeddedPostgres.start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() throws IOException {
      postgres.close();
    }
  }
}
