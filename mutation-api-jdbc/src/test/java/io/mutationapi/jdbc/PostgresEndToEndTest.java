package io.mutationapi.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Read-your-writes through a server into a real PostgreSQL table. */
class PostgresEndToEndTest extends EndToEndContract {
  @RegisterExtension static final PostgresExtension POSTGRES = new PostgresExtension();

  @Override
  DataSource database() {
    return POSTGRES.dataSource();
  }
}
