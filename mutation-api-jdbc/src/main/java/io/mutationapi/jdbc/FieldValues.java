package io.mutationapi.jdbc;

import io.mutationapi.JsonNumber;
import io.mutationapi.WireJson;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Turns JSON values of record data into the Java values bound to typed columns. A value that does
 * not fit is an {@link IllegalArgumentException} whose message describes the value's kind, never
 * the value.
 */
final class FieldValues {
  /**
   * ISO-8601 with a required offset, as {@code Z}, {@code +01:00} or Salesforce's {@code +0100}.
   */
  private static final DateTimeFormatter INSTANT =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .optionalStart()
          .appendOffset("+HH:MM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .toFormatter();

  private FieldValues() {}

  /**
   * Returns the value to bind, or null for SQL {@code NULL}.
   *
   * @throws IllegalArgumentException if {@code value} does not fit {@code type}
   */
  static Object convert(ColumnType type, Object value) {
    if (value == null) {
      return null;
    }
    switch (type) {
      case TEXT:
        if (value instanceof String) {
          return value;
        }
        if (value instanceof JsonNumber || value instanceof Boolean) {
          return value.toString();
        }
        throw mismatch(value, "text (project it as JSON instead)");
      case BIGINT:
        try {
          return number(value, "an integer").bigDecimalValue().longValueExact();
        } catch (ArithmeticException e) {
          throw new IllegalArgumentException(
              "is a number that is not an integer in the range of BIGINT", e);
        }
      case NUMERIC:
        return number(value, "a number").bigDecimalValue();
      case DOUBLE:
        double d = number(value, "a number").doubleValue();
        if (Double.isInfinite(d)) {
          throw new IllegalArgumentException("is a number beyond the range of DOUBLE");
        }
        return d;
      case BOOLEAN:
        if (value instanceof Boolean) {
          return value;
        }
        throw mismatch(value, "a boolean");
      case TIMESTAMP:
        try {
          return OffsetDateTime.parse(string(value, "an ISO-8601 timestamp"), INSTANT)
              .withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException(
              "is a string that is not an ISO-8601 timestamp with an offset", e);
        }
      case DATE:
        try {
          return LocalDate.parse(string(value, "an ISO-8601 date"));
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException("is a string that is not an ISO-8601 date", e);
        }
      case JSON:
        return WireJson.writeValue(value);
    }
    throw new AssertionError(type);
  }

  private static JsonNumber number(Object value, String wanted) {
    if (value instanceof JsonNumber) {
      return (JsonNumber) value;
    }
    throw mismatch(value, wanted);
  }

  private static String string(Object value, String wanted) {
    if (value instanceof String) {
      return (String) value;
    }
    throw mismatch(value, wanted);
  }

  private static IllegalArgumentException mismatch(Object value, String wanted) {
    return new IllegalArgumentException("is " + kind(value) + ", not " + wanted);
  }

  /** Names the JSON kind of a value, the only thing about it that messages may say. */
  static String kind(Object value) {
    if (value instanceof String) {
      return "a string";
    }
    if (value instanceof JsonNumber) {
      return "a number";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof List) {
      return "an array";
    }
    return "null";
  }
}
