package io.mutationapi.salesforce;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Optional;

/**
 * Salesforce's date-times, e.g. {@code 2024-11-10T18:39:00.000+0000}: always UTC, offset without a
 * colon, which {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} rejects. The colon form and {@code Z}
 * are accepted too.
 */
final class Timestamps {
  private static final DateTimeFormatter SALESFORCE =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral('T')
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .appendOffset("+HHmm", "Z")
          .toFormatter();

  private Timestamps() {}

  /** Returns {@code text} as an instant, or empty if it is not a string in one of the forms. */
  static Optional<Instant> parse(Object text) {
    if (!(text instanceof String)) {
      return Optional.empty();
    }
    String s = (String) text;
    try {
      return Optional.of(OffsetDateTime.parse(s, SALESFORCE).toInstant());
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(OffsetDateTime.parse(s).toInstant());
      } catch (DateTimeParseException again) {
        return Optional.empty();
      }
    }
  }
}
