package io.mutationapi.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link JdbcCursorStore} on embedded PostgreSQL. */
class PostgresCursorStoreTest extends CursorStoreContract {
  @RegisterExtension static final PostgresExtension POSTGRES = new PostgresExtension();

  @Override
  DataSource database() {
    return POSTGRES.dataSource();
  }
}
