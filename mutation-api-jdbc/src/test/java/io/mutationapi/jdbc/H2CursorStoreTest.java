package io.mutationapi.jdbc;

import javax.sql.DataSource;

/** {@link JdbcCursorStore} on H2. */
class H2CursorStoreTest extends CursorStoreContract {
  private static final DataSource H2 = new UrlDataSource("jdbc:h2:mem:cursors;DB_CLOSE_DELAY=-1");

  @Override
  DataSource database() {
    return H2;
  }
}
