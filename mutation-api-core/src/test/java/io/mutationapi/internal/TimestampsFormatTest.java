package io.mutationapi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimestampsFormatTest {
  /** The wire's format, as a formatter: the reference the hand-written one must match. */
  private static final DateTimeFormatter REFERENCE =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
          .appendFraction(ChronoField.MICRO_OF_SECOND, 6, 6, true)
          .appendLiteral('Z')
          .toFormatter()
          .withZone(ZoneOffset.UTC);

  @Test
  void formatTimestamp_microsecondsUtc() {
    assertThat(Timestamps.format(Instant.parse("2024-11-10T18:39:00.070453999Z")))
        .isEqualTo("2024-11-10T18:39:00.070453Z");
    assertThat(Timestamps.format(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00.000000Z");
  }

  @Test
  void formatTimestamp_matchesTheFormatterAtTheEdgesAndAtRandom() {
    Instant[] edges = {
      Instant.parse("0000-01-01T00:00:00Z"),
      Instant.parse("0000-01-01T00:00:00Z").minusNanos(1),
      Instant.parse("9999-12-31T23:59:59.999999999Z"),
      Instant.parse("9999-12-31T23:59:59.999999999Z").plusNanos(1),
      Instant.parse("1969-12-31T23:59:59.999999Z"),
      Instant.parse("2000-02-29T12:00:00.000001Z"),
    };
    for (Instant instant : edges) {
      assertThat(Timestamps.format(instant)).isEqualTo(REFERENCE.format(instant));
    }
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      Instant instant =
          Instant.ofEpochSecond(
              random.nextLong(-70_000_000_000L, 260_000_000_000L), random.nextInt(1_000_000_000));
      assertThat(Timestamps.format(instant)).isEqualTo(REFERENCE.format(instant));
    }
  }
}
