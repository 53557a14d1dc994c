package io.mutationapi.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/**
 * The table's SQL in its dialect, found once (detected from the database on the first connection
 * unless configured), and the DDL that creates the table and its dead-letter table. Thread-safe.
 */
final class TableDdl {
  private final DataSource dataSource;
  private final SqlDialect dialect;
  private final String schema;
  private final String table;
  private final List<ProjectedColumn> projected;
  private volatile TableSql sql;

  TableDdl(
      DataSource dataSource,
      SqlDialect dialect,
      String schema,
      String table,
      List<ProjectedColumn> projected) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.schema = schema;
    this.table = table;
    this.projected = projected;
  }

  String qualifiedName() {
    return schema == null ? table : schema + "." + table;
  }

  /** Returns the SQL, detecting the dialect on {@code c} the first time if none was configured. */
  TableSql sql(Connection c) throws SQLException {
    TableSql s = sql;
    if (s != null) {
      return s;
    }
    SqlDialect d = dialect;
    if (d == null) {
      String product = c.getMetaData().getDatabaseProductName();
      d =
          SqlDialect.forProductName(product)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "JdbcTableConsumer supports "
                              + Arrays.toString(SqlDialect.values())
                              + ", not '"
                              + product
                              + "'; set dialect(...) if the database is compatible with one"));
    }
    s = new TableSql(d, schema, table, projected);
    sql = s;
    return s;
  }

  /** See {@link JdbcTableConsumer#createTableStatements()}. */
  List<String> createStatements(TableWriter writer) {
    TableSql s;
    if (sql != null || dialect != null) {
      s = sql;
      if (s == null) {
        s = new TableSql(dialect, schema, table, projected);
        sql = s;
      }
    } else {
      try (Connection c = dataSource.getConnection()) {
        s = sql(c);
      } catch (SQLException e) {
        throw TableWriter.failure(
            "detecting the database of table " + qualifiedName() + " failed", e);
      }
    }
    List<String> all = new ArrayList<>(s.createTable);
    all.add(writer.deadLetters(s.dialect).create);
    return List.copyOf(all);
  }

  /** See {@link JdbcTableConsumer#createTableIfMissing()}. */
  void createIfMissing(TableWriter writer) {
    try (Connection c = dataSource.getConnection()) {
      TableSql s = sql(c);
      boolean autoCommit = c.getAutoCommit();
      try (Statement statement = c.createStatement()) {
        for (String ddl : s.createTable) {
          statement.execute(ddl);
        }
        statement.execute(writer.deadLetters(s.dialect).create);
        if (!autoCommit) {
          c.commit();
        }
      } catch (SQLException e) {
        TableWriter.rollbackQuietly(c, e);
        throw e;
      }
      writer.deadLetterTableCreated();
    } catch (SQLException e) {
      throw TableWriter.failure("creating table " + qualifiedName() + " failed", e);
    }
  }
}
