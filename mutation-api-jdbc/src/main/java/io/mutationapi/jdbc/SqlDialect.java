package io.mutationapi.jdbc;

import java.util.Locale;
import java.util.Optional;

/**
 * The SQL databases a {@link JdbcTableConsumer} can write to.
 *
 * <p>The dialect decides the column types, the upsert statement and how identifiers are spelled.
 * Unquoted identifiers are folded the way the database folds them (lower case on PostgreSQL, upper
 * case on H2) and then quoted, so a table configured as {@code contacts} is queried as {@code
 * SELECT * FROM contacts} on either database, and reserved words are safe as column names.
 */
public enum SqlDialect {
  /**
   * PostgreSQL 9.5 or later: {@code jsonb} data, {@code timestamptz} times, {@code INSERT ... ON
   * CONFLICT ... DO UPDATE ... WHERE} upserts. {@code jsonb} keeps numbers exact but not the order
   * of keys.
   */
  POSTGRESQL,

  /**
   * H2 2.x, the embedded default: {@code JSON} data (kept as written: key order and number text),
   * {@code TIMESTAMP WITH TIME ZONE} times, {@code MERGE ... WHEN MATCHED AND ...} upserts.
   */
  H2;

  /** Returns the dialect of a database by its JDBC product name, if it is one of ours. */
  static Optional<SqlDialect> forProductName(String productName) {
    String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
    if (name.contains("postgresql")) {
      return Optional.of(POSTGRESQL);
    }
    if (name.equals("h2")) {
      return Optional.of(H2);
    }
    return Optional.empty();
  }
}
