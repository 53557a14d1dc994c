package io.mutationapi.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {

  @Test
  void parse_salesforceFormWithColonlessOffset_givesUtcInstant() {
    assertThat(Timestamps.parse("2024-11-10T18:39:00.000+0000"))
        .contains(Instant.parse("2024-11-10T18:39:00Z"));
  }

  @Test
  void parse_nonZeroOffsetAndMillis_areApplied() {
    assertThat(Timestamps.parse("2024-11-10T18:39:00.250+0130"))
        .contains(Instant.parse("2024-11-10T17:09:00.250Z"));
  }

  @Test
  void parse_isoFormsWithZOrColon_areAccepted() {
    assertThat(Timestamps.parse("2024-11-10T18:39:00Z"))
        .contains(Instant.parse("2024-11-10T18:39:00Z"));
    assertThat(Timestamps.parse("2024-11-10T18:39:00.000+00:00"))
        .contains(Instant.parse("2024-11-10T18:39:00Z"));
  }

  @Test
  void parse_notADateTime_isEmpty() {
    assertThat(Timestamps.parse("yesterday")).isEmpty();
    assertThat(Timestamps.parse(null)).isEmpty();
    assertThat(Timestamps.parse(42)).isEmpty();
  }
}
