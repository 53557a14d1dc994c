package io.mutationapi.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Change capture into a PostgreSQL table. */
class PostgresChangeCaptureTest extends ChangeCaptureContract {
  @RegisterExtension static final PostgresExtension POSTGRES = new PostgresExtension();

  /** Fewer rounds than on H2: each round waits for PostgreSQL commits; H2 runs the full 1,000. */
  @Override
  int raceRounds() {
    return 200;
  }

  @Override
  DataSource database() {
    return POSTGRES.dataSource();
  }
}
