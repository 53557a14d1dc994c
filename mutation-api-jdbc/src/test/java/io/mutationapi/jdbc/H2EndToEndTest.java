package io.mutationapi.jdbc;

import javax.sql.DataSource;

/** Read-your-writes through a server into an embedded H2 table, as the demo runs it. */
class H2EndToEndTest extends EndToEndContract {
  private static final DataSource H2 =
      new UrlDataSource("jdbc:h2:mem:end-to-end;DB_CLOSE_DELAY=-1");

  @Override
  DataSource database() {
    return H2;
  }
}
