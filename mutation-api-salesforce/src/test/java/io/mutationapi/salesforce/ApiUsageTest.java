package io.mutationapi.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApiUsageTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void parse_plainHeader_readsUsedAndMax() {
    assertThat(ApiUsage.parse("api-usage=10018/100000", NOW))
        .contains(new ApiUsage(10018, 100000, NOW));
  }

  @Test
  void parse_headerWithPerAppPart_readsTheOrgPartOnly() {
    ApiUsage usage =
        ApiUsage.parse("api-usage=25/5000; per-app-api-usage=17/250(appName=sample-app)", NOW)
            .orElseThrow();
    assertThat(usage.used()).isEqualTo(25);
    assertThat(usage.max()).isEqualTo(5000);
    assertThat(usage.share()).isEqualTo(0.005);
  }

  @Test
  void parse_onlyPerAppPartOrGarbage_isEmpty() {
    assertThat(ApiUsage.parse("per-app-api-usage=17/250(appName=x)", NOW)).isEmpty();
    assertThat(ApiUsage.parse("nonsense", NOW)).isEmpty();
    assertThat(ApiUsage.parse(null, NOW)).isEmpty();
  }

  @Test
  void share_zeroAllocation_isFull() {
    assertThat(new ApiUsage(0, 0, NOW).share()).isEqualTo(1.0);
  }

  @Test
  void constructor_negativeCount_isRefused() {
    assertThatThrownBy(() -> new ApiUsage(-1, 10, NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
