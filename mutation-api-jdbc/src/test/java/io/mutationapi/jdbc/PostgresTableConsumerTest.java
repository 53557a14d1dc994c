package io.mutationapi.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The table consumer's contract on a real PostgreSQL server. */
class PostgresTableConsumerTest extends TableConsumerContract {
  @RegisterExtension static final PostgresExtension POSTGRES = new PostgresExtension();

  @Override
  DataSource database() {
    return POSTGRES.dataSource();
  }

  @Override
  SqlDialect dialect() {
    return SqlDialect.POSTGRESQL;
  }
}
