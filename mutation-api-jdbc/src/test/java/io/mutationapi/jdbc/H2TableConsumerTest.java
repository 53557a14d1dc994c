package io.mutationapi.jdbc;

import javax.sql.DataSource;

/** The table consumer's contract on the embedded H2 database, as the demo runs it. */
class H2TableConsumerTest extends TableConsumerContract {
  // Kept open for the whole run, like a file database would be.
  private static final DataSource H2 =
      new UrlDataSource("jdbc:h2:mem:table-consumer;DB_CLOSE_DELAY=-1");

  @Override
  DataSource database() {
    return H2;
  }

  @Override
  SqlDialect dialect() {
    return SqlDialect.H2;
  }
}
