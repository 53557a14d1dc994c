package io.mutationapi.testing.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SObjectDefinitionTest {
  @Test
  void builder_refusesABadPrefixUnknownTypeDuplicateAndSystemFields() {
    assertThatThrownBy(() -> SObjectDefinition.builder("Invoice__c", "a0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("three base-62 characters");
    SObjectDefinition.Builder builder = SObjectDefinition.builder("Invoice__c", "a01");
    assertThatThrownBy(() -> builder.field("Amount__c", "money"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown field type 'money'");
    builder.field("Amount__c", "double");
    assertThatThrownBy(() -> builder.field("amount__c", "double"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already defined");
    assertThatThrownBy(() -> builder.field("SystemModstamp", "datetime"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("system field");
    assertThat(builder.build().toString())
        .isEqualTo("SObjectDefinition[Invoice__c, a01, 1 fields]");
  }

  @Test
  void faultsAndBuilder_refuseNonsense() {
    assertThatThrownBy(() -> Fault.latency(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fault.unableToLockRowOnRecord(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FakeSalesforce.builder().port(70000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FakeSalesforce.builder().tokenLifetime(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Fault.emptyServerError(true).toString())
        .contains("EMPTY_500")
        .contains("after commit");
  }

  @Test
  void start_onABusyPort_failsWithTheCause() throws Exception {
    try (java.net.ServerSocket busy =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> FakeSalesforce.builder().port(busy.getLocalPort()).start())
          .isInstanceOf(IllegalStateException.class)
          .hasRootCauseInstanceOf(java.net.BindException.class);
    }
  }
}
