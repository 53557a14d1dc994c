package io.mutationapi.jdbc;

/**
 * The SQL type of a {@link ProjectedColumn}, and how a JSON value of record data becomes one.
 *
 * <p>An absent field and a JSON {@code null} are both SQL {@code NULL}. A value that does not fit
 * the type makes the record a poison record ({@link PoisonRecordException}): it is never silently
 * truncated, rounded or stored as {@code NULL}.
 */
public enum ColumnType {
  /**
   * Text ({@code text}; H2 {@code CHARACTER VARYING}): a JSON string, or a number's or boolean's
   * text.
   */
  TEXT,

  /** A 64-bit integer ({@code bigint}): a JSON number with an integral value in range. */
  BIGINT,

  /** An exact decimal ({@code numeric}; H2 {@code DECFLOAT}): any JSON number, without rounding. */
  NUMERIC,

  /** A double ({@code double precision}): a JSON number within the range of a double. */
  DOUBLE,

  /** A boolean: JSON {@code true} or {@code false}. */
  BOOLEAN,

  /**
   * An instant ({@code timestamptz}; H2 {@code TIMESTAMP WITH TIME ZONE}): an ISO-8601 string with
   * an offset, e.g. {@code 2024-11-10T18:39:00.070453Z} or Salesforce's {@code
   * 2024-11-10T18:39:00.000+0000}.
   */
  TIMESTAMP,

  /** A date ({@code date}): an ISO-8601 string such as {@code 2024-11-10}. */
  DATE,

  /** JSON ({@code jsonb}; H2 {@code JSON}): any JSON value, objects and arrays included. */
  JSON
}
