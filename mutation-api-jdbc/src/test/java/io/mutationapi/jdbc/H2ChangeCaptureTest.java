package io.mutationapi.jdbc;

import javax.sql.DataSource;

/** Change capture into an embedded H2 table. */
class H2ChangeCaptureTest extends ChangeCaptureContract {
  private static final DataSource H2 = new UrlDataSource("jdbc:h2:mem:capture;DB_CLOSE_DELAY=-1");

  @Override
  DataSource database() {
    return H2;
  }
}
