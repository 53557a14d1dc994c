package io.mutationapi.jdbc;

import java.util.Objects;

/**
 * A field of record data that a {@link JdbcTableConsumer} also writes into a typed column of its
 * own, so it can be indexed and queried with plain SQL.
 *
 * <p>{@code field} is a top-level key of the record's data, in the upstream's spelling (such as
 * {@code "Email"}); {@code column} is a SQL identifier: a letter or underscore, then letters,
 * digits or underscores, at most 63 characters. Column names compare ignoring case. Immutable.
 *
 * @param field the key in record data
 * @param column the column name
 * @param type the column's SQL type, which also says which JSON values fit
 */
public record ProjectedColumn(String field, String column, ColumnType type) {

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if {@code field} is empty or {@code column} is not a plain SQL
   *     identifier
   * @throws NullPointerException if an argument is null
   */
  public ProjectedColumn {
    Objects.requireNonNull(field, "field");
    if (field.isEmpty()) {
      throw new IllegalArgumentException("field must not be empty");
    }
    Identifiers.check(column, "column");
    Objects.requireNonNull(type, "type");
  }
}
