package io.mutationapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MutationErrorTest {

  @Test
  void of_knownCode_usesItsStatusAndPrefixesTheMessage() {
    MutationError error = MutationError.of(ErrorCode.UPSTREAM_TIMEOUT, "Salesforce API timed out");

    assertThat(error.status()).isEqualTo(504);
    assertThat(error.code()).contains(ErrorCode.UPSTREAM_TIMEOUT);
    assertThat(error.message()).isEqualTo("Error: Salesforce API timed out");
    assertThat(error.detail()).isEqualTo("Salesforce API timed out");
  }

  @Test
  void of_unknownCode_isRejected() {
    assertThatThrownBy(() -> MutationError.of(ErrorCode.of("teapot"), "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no status for unknown code teapot");
  }

  @Test
  void constructor_statusOutsideHttp_isRejected() {
    assertThatThrownBy(
            () ->
                new MutationError(
                    99, Optional.empty(), "Error: x", List.of(), List.of(), List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status must be an HTTP status: 99");
  }

  @Test
  void detail_withoutPrefix_isTheWholeMessage() {
    MutationError error =
        new MutationError(
            502, Optional.empty(), "Bad Gateway", List.of(), List.of(), List.of(), List.of());

    assertThat(error.detail()).isEqualTo("Bad Gateway");
  }

  @Test
  void failure_negativeIndex_isRejected() {
    assertThatThrownBy(() -> new MutationError.Failure(-1, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("index must not be negative: -1");
  }

  @Test
  void lists_areCopiedAndUnmodifiable() {
    List<String> pending = new ArrayList<>(List.of("a"));
    MutationError error =
        MutationError.of(ErrorCode.CONSUMERS_TIMEOUT, "Timed out").withPendingConsumerIds(pending);

    pending.add("b");

    assertThat(error.pendingConsumerIds()).containsExactly("a");
    assertThatThrownBy(() -> error.pendingConsumerIds().add("c"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void toString_countsRecordsButNeverShowsTheirData() {
    Record record =
        Record.builder()
            .syncId("s")
            .collectionId("c")
            .upstreamId("u")
            .upstreamUpdatedAt(Instant.EPOCH)
            .data(Map.of("Email", "paul@arrakis.org"))
            .build();

    MutationError error =
        MutationError.of(ErrorCode.CONSUMERS_TIMEOUT, "Timed out waiting for consumers: a")
            .withRecords(List.of(record))
            .withPendingConsumerIds(List.of("a"));

    assertThat(error.toString())
        .contains("500", "records=1", "pending=[a]")
        .doesNotContain("paul@");
  }
}
