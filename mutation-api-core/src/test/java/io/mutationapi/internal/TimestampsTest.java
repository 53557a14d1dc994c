package io.mutationapi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written timestamp parser agrees with the JDK's on everything it accepts. */
class TimestampsTest {
  private static final int RUNS = 50_000;

  /** The JDK's answer: the instant, or the exception's type. */
  private static Object reference(String text) {
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeException e) {
      return e.getClass();
    }
  }

  private static Object actual(String text) {
    try {
      return Timestamps.parse(text);
    } catch (DateTimeException e) {
      return e.getClass();
    }
  }

  @Test
  void commonShapes_parseOnTheFastPathToWhatTheJdkSays() {
    SplittableRandom random = new SplittableRandom(20261128L);
    for (int run = 0; run < RUNS; run++) {
      String text = randomTimestamp(random);
      Instant common = Timestamps.parseCommon(text);
      assertThat(common).as(text).isNotNull();
      assertThat(common).as(text).isEqualTo(reference(text));
      assertThat(Timestamps.parse(text)).as(text).isEqualTo(common);
    }
  }

  @Test
  void edges_parseToWhatTheJdkSays() {
    String[] edges = {
      "0000-01-01T00:00:00Z",
      "0000-02-29T23:59:59.999999999Z",
      "0000-03-01T00:00:00+17:59",
      "9999-12-31T23:59:59.999999999-17:59",
      "1970-01-01T00:00:00Z",
      "1969-12-31T23:59:59.999999Z",
      "1970-01-01T00:00:00-00:00",
      "1900-02-28T12:00:00Z",
      "2000-02-29T12:00:00.000001Z",
      "2024-11-10T18:39:00.070453Z",
      "2024-11-10T18:39:00.0Z",
      "2024-11-10T18:39:00.1+05:30",
      "2024-11-10T18:39:00.123456789-03:00",
    };
    for (String text : edges) {
      assertThat(Timestamps.parseCommon(text)).as(text).isNotNull().isEqualTo(reference(text));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // Valid for the JDK, but not the common shape: it parses them.
        "2024-11-10t18:39:00Z",
        "2024-11-10T18:39:00z",
        "2024-11-10T18:39Z",
        "2024-11-10T18:39:00+02",
        "2024-11-10T18:39:00+0230",
        "2024-11-10T18:39:00+02:30:15",
        "2024-11-10T18:39:00+18:00",
        "2024-11-10T18:39:00-18:00",
        "+12024-11-10T18:39:00Z",
        "-0001-11-10T18:39:00Z",
        "2024-11-10T18:39:00.Z",
        // Rejected by the JDK, and so by us.
        "2023-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2024-04-31T00:00:00Z",
        "2024-00-10T00:00:00Z",
        "2024-13-10T00:00:00Z",
        "2024-11-00T00:00:00Z",
        "2024-11-10T24:00:00Z",
        "2024-11-10T23:60:00Z",
        "2024-11-10T23:59:60Z",
        "2024-11-10T18:39:00.1234567890Z",
        "2024-11-10T18:39:00+18:01",
        "2024-11-10T18:39:00+17:60",
        "2024-11-10T18:39:00",
        "2024-11-10T18:39:00ZZ",
        "2024-11-10T18:39:00Z ",
        " 2024-11-10T18:39:00Z",
        "2024-11-10 18:39:00Z",
        "2024-11-10T18:39:00+05:3",
        "2024-1-10T18:39:00Z",
        "2024-11-10",
        "yesterday",
        "",
        "2024-11-10T18:39:0٣Z",
        "２024-11-10T18:39:00Z",
      })
  void unusualShapes_fallBackToTheJdk(String text) {
    Instant common = Timestamps.parseCommon(text);
    assertThat(common).as(text).isNull();
    assertThat(actual(text)).as(text).isEqualTo(reference(text));
  }

  @Test
  void mutatedTimestamps_parseOrFailExactlyAsTheJdkDoes() {
    SplittableRandom random = new SplittableRandom(7L);
    String alphabet = "0123456789-+:.TZtz \u0663";
    List<String> fastButDifferent = new ArrayList<>();
    int fallbacks = 0;
    int accepted = 0;
    for (int run = 0; run < RUNS; run++) {
      StringBuilder sb = new StringBuilder(randomTimestamp(random));
      int edits = 1 + random.nextInt(3);
      for (int e = 0; e < edits; e++) {
        int at = random.nextInt(sb.length() + 1);
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0:
            sb.insert(at, c);
            break;
          case 1:
            if (at < sb.length()) {
              sb.deleteCharAt(at);
            }
            break;
          default:
            if (at < sb.length()) {
              sb.setCharAt(at, c);
            }
        }
      }
      String text = sb.toString();
      Object expected = reference(text);
      Instant common = Timestamps.parseCommon(text);
      if (common == null) {
        fallbacks++;
      } else if (common.equals(expected)) {
        accepted++;
      } else {
        fastButDifferent.add(text);
      }
      assertThat(actual(text)).as(text).isEqualTo(expected);
    }
    assertThat(fastButDifferent).isEmpty();
    assertThat(fallbacks).isGreaterThan(RUNS / 10);
    assertThat(accepted).isGreaterThan(RUNS / 100);
  }

  @Test
  void nullText_isANullPointerException() {
    assertThatThrownBy(() -> Timestamps.parse(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void badText_isTheJdksParseException() {
    assertThatThrownBy(() -> Timestamps.parse("2024-02-30T00:00:00Z"))
        .isInstanceOf(DateTimeParseException.class);
  }

  @Test
  void epochDay_matchesLocalDateForEveryDayOfEveryFourDigitYear() {
    for (LocalDate d = LocalDate.of(0, 1, 1); d.getYear() <= 9999; d = d.plusDays(1)) {
      assertThat(Timestamps.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth()))
          .as("%s", d)
          .isEqualTo(d.toEpochDay());
    }
  }

  /** A timestamp in the common shape: any 4-digit year, fraction of 0-9 digits, Z or an offset. */
  private static String randomTimestamp(SplittableRandom random) {
    int year = random.nextInt(4) == 0 ? random.nextInt(10_000) : 1950 + random.nextInt(120);
    LocalDate date =
        LocalDate.ofYearDay(year, 1 + random.nextInt(LocalDate.of(year, 1, 1).lengthOfYear()));
    StringBuilder sb =
        new StringBuilder()
            .append(
                String.format("%04d-%02d-%02d", year, date.getMonthValue(), date.getDayOfMonth()))
            .append(
                String.format(
                    "T%02d:%02d:%02d", random.nextInt(24), random.nextInt(60), random.nextInt(60)));
    int fraction = random.nextInt(10);
    if (fraction > 0) {
      sb.append('.');
      for (int i = 0; i < fraction; i++) {
        sb.append((char) ('0' + random.nextInt(10)));
      }
    }
    if (random.nextBoolean()) {
      sb.append('Z');
    } else {
      sb.append(random.nextBoolean() ? '+' : '-')
          .append(String.format("%02d:%02d", random.nextInt(18), random.nextInt(60)));
    }
    return sb.toString();
  }
}
