package io.mutationapi.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpdatedIdxTest {
  private static final Instant STAMP = Instant.parse("2024-11-10T18:39:00Z");

  @Test
  void next_twoVersionsInTheSameStampSecond_readLater_increase() {
    UpdatedIdx idx = new UpdatedIdx(Clock.systemUTC());
    long first = idx.next("Contact/003A", STAMP, STAMP.plusMillis(120));
    long second = idx.next("Contact/003A", STAMP, STAMP.plusMillis(480));
    assertThat(second).isGreaterThan(first);
  }

  @Test
  void next_sameStampAndSameReadTime_stillIncreases() {
    UpdatedIdx idx = new UpdatedIdx(Clock.fixed(STAMP, ZoneOffset.UTC));
    long first = idx.next("Contact/003A", STAMP, STAMP);
    long second = idx.next("Contact/003A", STAMP, STAMP);
    assertThat(second).isEqualTo(first + 1);
  }

  @Test
  void next_sameVersionReadAgainLater_keepsItsIndex() {
    UpdatedIdx idx = new UpdatedIdx(Clock.systemUTC());
    long print = UpdatedIdx.fingerprint(Map.of("LastName", "Lee"));
    long written = idx.next("Contact/003A", STAMP, STAMP.plusMillis(100), print);
    long polled = idx.next("Contact/003A", STAMP, STAMP.plusSeconds(4), print);
    assertThat(polled).isEqualTo(written);
  }

  @Test
  void next_olderVersionAnsweredAfterANewerOne_staysBelowIt() {
    UpdatedIdx idx = new UpdatedIdx(Clock.systemUTC());
    long newer =
        idx.next(
            "Contact/003A",
            STAMP,
            STAMP.plusMillis(500),
            UpdatedIdx.fingerprint(Map.of("LastName", "B")));
    long sameSecondEarlierRead =
        idx.next(
            "Contact/003A",
            STAMP,
            STAMP.plusMillis(200),
            UpdatedIdx.fingerprint(Map.of("LastName", "A")));
    long earlierSecondLaterRead =
        idx.next(
            "Contact/003A",
            STAMP.minusSeconds(1),
            STAMP.plusSeconds(9),
            UpdatedIdx.fingerprint(Map.of("LastName", "Z")));
    assertThat(sameSecondEarlierRead).isLessThan(newer);
    assertThat(earlierSecondLaterRead).isLessThan(newer);
    assertThat(idx.next("Contact/003A", STAMP, STAMP.plusMillis(600))).isGreaterThan(newer);
  }

  @Test
  void next_stampAheadOfTheLocalClock_usesTheStamp() {
    UpdatedIdx idx = new UpdatedIdx(Clock.systemUTC());
    long value = idx.next("Contact/003A", STAMP, STAMP.minusSeconds(3));
    assertThat(value).isEqualTo(STAMP.toEpochMilli() * 1000);
  }

  @Test
  void next_otherRecords_areIndependent() {
    UpdatedIdx idx = new UpdatedIdx(Clock.systemUTC());
    long a = idx.next("Contact/003A", STAMP, STAMP);
    long b = idx.next("Contact/003B", STAMP, STAMP);
    assertThat(b).isEqualTo(a);
  }
}
