package io.mutationapi.benchmarks;

import io.mutationapi.jdbc.ColumnType;
import io.mutationapi.jdbc.JdbcTableConsumer;
import io.mutationapi.jdbc.SqlDialect;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A database of the JDBC harnesses behind a {@link SmallPool}: H2 in memory, as the demo's, or an
 * embedded PostgreSQL (zonky, its default server settings: {@code synchronous_commit=off}, {@code
 * fsync} on, {@code timezone=UTC}, {@code max_connections=300}), as mutation-api-jdbc's tests.
 */
final class BenchDatabase implements AutoCloseable {
  final String name;
  final SqlDialect dialect;
  final SmallPool pool;
  private final EmbeddedPostgres postgres;

  private BenchDatabase(String name, SqlDialect dialect, DataSource target, EmbeddedPostgres pg) {
    this.name = name;
    this.dialect = dialect;
    this.pool = new SmallPool(target);
    this.postgres = pg;
  }

  static BenchDatabase h2() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:bench-" + Long.toHexString(System.nanoTime()) + ";DB_CLOSE_DELAY=-1");
    return new BenchDatabase("h2", SqlDialect.H2, h2, null);
  }

  static BenchDatabase postgres() throws IOException {
    EmbeddedPostgres pg = EmbeddedPostgres.start();
    return new BenchDatabase("postgres", SqlDialect.POSTGRESQL, pg.getPostgresDatabase(), pg);
  }

  /** The demo's {@code local-db}: FirstName, LastName and Email projected to text columns. */
  JdbcTableConsumer.Builder localDb() {
    return JdbcTableConsumer.builder()
        .dataSource(pool)
        .dialect(dialect)
        .table(HandUpsert.TABLE)
        .project("FirstName", "first_name", ColumnType.TEXT)
        .project("LastName", "last_name", ColumnType.TEXT)
        .project("Email", "email", ColumnType.TEXT);
  }

  /** Empties the table, so every measurement inserts into the same empty table. */
  void truncate() throws SQLException {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("TRUNCATE TABLE " + HandUpsert.TABLE);
    }
  }

  /** Returns a server setting (PostgreSQL {@code SHOW}); null on H2. */
  String setting(String name) throws SQLException {
    if (postgres == null) {
      return null;
    }
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        var rs = s.executeQuery("SHOW " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Override
  public void close() throws IOException, SQLException {
    pool.close();
    if (postgres != null) {
      postgres.close();
    }
  }
}
