package io.mutationapi.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Objects;

/**
 * Formats timestamps as the wire writes them, and parses the timestamps that servers actually send,
 * {@code 2024-11-10T18:39:00.070453Z} or with an offset such as {@code +02:00}, without the JDK's
 * formatter: reading a result parses one or two per record, and {@code OffsetDateTime.parse}
 * allocated more than the rest of the record did.
 *
 * <p>Only the common shape is handled here: a four-digit year, seconds, a fraction of 1 to 9 digits
 * or none, and {@code Z} or {@code ±hh:mm}, all in upper case. Anything else (lower case, no
 * seconds, a signed or longer year, a lenient offset such as {@code +02}, an impossible date)
 * returns null, and the caller asks the JDK, which accepts or rejects it exactly as before.
 */
final class Timestamps {
  private Timestamps() {}

  private static final DateTimeFormatter TIMESTAMP =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
          .appendFraction(ChronoField.MICRO_OF_SECOND, 6, 6, true)
          .appendLiteral('Z')
          .toFormatter()
          .withZone(ZoneOffset.UTC);

  /** Formats a timestamp as the wire wants: UTC with six fractional digits. */
  static String format(Instant instant) {
    long seconds = instant.getEpochSecond();
    if (seconds < FIRST_FAST_SECOND || seconds > LAST_FAST_SECOND) {
      return TIMESTAMP.format(instant); // years outside 0000-9999 carry a sign and more digits
    }
    // By hand, as the formatter would: every record written carries one or two timestamps, and
    // the formatter allocated more than the rest of a one-record response.
    long days = Math.floorDiv(seconds, 86_400L);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    LocalDate date = LocalDate.ofEpochDay(days);
    byte[] b = new byte[27];
    putDigits(b, 0, date.getYear(), 4);
    b[4] = '-';
    putDigits(b, 5, date.getMonthValue(), 2);
    b[7] = '-';
    putDigits(b, 8, date.getDayOfMonth(), 2);
    b[10] = 'T';
    putDigits(b, 11, secondOfDay / 3600, 2);
    b[13] = ':';
    putDigits(b, 14, secondOfDay / 60 % 60, 2);
    b[16] = ':';
    putDigits(b, 17, secondOfDay % 60, 2);
    b[19] = '.';
    putDigits(b, 20, instant.getNano() / 1000, 6);
    b[26] = 'Z';
    return new String(b, StandardCharsets.US_ASCII);
  }

  /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years written with exactly 4 digits. */
  private static final long FIRST_FAST_SECOND = -62_167_219_200L;

  private static final long LAST_FAST_SECOND = 253_402_300_799L;

  private static void putDigits(byte[] b, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      b[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }

  /**
   * Parses an ISO-8601 timestamp with a zone or offset ({@code Z}, {@code +00:00}).
   *
   * @throws DateTimeParseException if it is not one
   */
  static Instant parse(String text) {
    Objects.requireNonNull(text, "text");
    Instant common = parseCommon(text);
    if (common != null) {
      return common;
    }
    return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
  }

  /** Returns the instant {@code text} names, or null if it is not in the common shape. */
  static Instant parseCommon(String text) {
    int n = text.length();
    // yyyy-MM-ddTHH:mm:ss is 19 characters, and the shortest zone, Z, one more.
    if (n < 20
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if ((year | month | day | hour | minute | second) < 0
        || month < 1
        || month > 12
        || day < 1
        || day > lengthOfMonth(year, month)
        || hour > 23
        || minute > 59
        || second > 59) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (text.charAt(i) == '.') {
      int start = ++i;
      while (i < n && i - start < 9 && isDigit(text.charAt(i))) {
        nanos = nanos * 10 + (text.charAt(i) - '0');
        i++;
      }
      int width = i - start;
      if (width == 0 || (i < n && isDigit(text.charAt(i)))) {
        return null; // no digits, or more than nine: the JDK decides
      }
      for (int w = width; w < 9; w++) {
        nanos *= 10;
      }
    }
    int offsetSeconds;
    if (i == n - 1 && text.charAt(i) == 'Z') {
      offsetSeconds = 0;
    } else if (i == n - 6
        && (text.charAt(i) == '+' || text.charAt(i) == '-')
        && text.charAt(i + 3) == ':') {
      int offsetHours = digits(text, i + 1, 2);
      int offsetMinutes = digits(text, i + 4, 2);
      // The JDK allows up to 18:00; keep to the offsets that exist and leave the rest to it.
      if (offsetHours < 0 || offsetMinutes < 0 || offsetHours > 17 || offsetMinutes > 59) {
        return null;
      }
      offsetSeconds = offsetHours * 3600 + offsetMinutes * 60;
      if (text.charAt(i) == '-') {
        offsetSeconds = -offsetSeconds;
      }
    } else {
      return null;
    }
    long epochSecond =
        epochDay(year, month, day) * 86_400L + hour * 3600 + minute * 60 + second - offsetSeconds;
    return Instant.ofEpochSecond(epochSecond, nanos);
  }

  /** Returns the value of {@code width} ASCII digits at {@code at}, or -1 if one is not a digit. */
  private static int digits(String s, int at, int width) {
    int value = 0;
    for (int i = at; i < at + width; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int lengthOfMonth(int year, int month) {
    switch (month) {
      case 2:
        return isLeapYear(year) ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }

  /** The proleptic Gregorian rule, which ISO-8601 and {@code java.time} use for every year. */
  private static boolean isLeapYear(int year) {
    return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
  }

  /**
   * Days from 1970-01-01 to a valid date of a year from 0 to 9999: whole years counted from March,
   * so that the leap day is the last day of its year, then the months and days before the date.
   */
  static long epochDay(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year; // may be -1 for January and February of year 0
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400; // 0..399
    int monthFromMarch = month > 2 ? month - 3 : month + 9; // 0..11
    int dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1; // 0..365
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear; // 0..146096
    // 719468 days from 0000-03-01 to 1970-01-01.
    return era * 146_097L + dayOfEra - 719_468L;
  }
}
