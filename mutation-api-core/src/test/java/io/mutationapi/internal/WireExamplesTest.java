package io.mutationapi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.ErrorCode;
import io.mutationapi.JsonNumber;
import io.mutationapi.MutationError;
import io.mutationapi.MutationKind;
import io.mutationapi.MutationRequest;
import io.mutationapi.MutationResult;
import io.mutationapi.Record;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Golden tests: every published body in {@code wire-examples/} reads, and round-trips. */
class WireExamplesTest {
  private final WireCodec codec = WireCodec.standard();

  static byte[] example(String name) {
    try (InputStream in = WireExamplesTest.class.getResourceAsStream("/wire-examples/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource wire-examples/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "create-request.json",
        "create-request-await.json",
        "create-request-data-alias.json",
        "update-request.json",
        "delete-request.json"
      })
  void everyPublishedRequest_parsesAndRoundTripsToAnEqualValue(String name) {
    MutationRequest request = codec.readRequest(example(name));

    MutationRequest again = codec.readRequest(codec.writeRequest(request));

    assertThat(again).isEqualTo(request);
    assertThat(request.syncId()).isEqualTo("my-sync-id");
    assertThat(request.collectionId()).isEqualTo("salesforce:contact");
  }

  @Test
  void createRequest_readsRecordDataInOrder() {
    MutationRequest.Create create =
        (MutationRequest.Create) codec.readRequest(example("create-request.json"));

    assertThat(create.kind()).isEqualTo(MutationKind.CREATE);
    assertThat(create.records()).hasSize(1);
    assertThat(create.records().get(0).upstreamId()).isEmpty();
    assertThat(create.records().get(0).data())
        .containsExactly(
            Map.entry("FirstName", "Paul"),
            Map.entry("LastName", "Atreides"),
            Map.entry("Email", "paul@arrakis.org"));
    assertThat(create.awaitConsumers()).isEmpty();
  }

  @Test
  void createRequestWithAwait_readsConsumersAndTimeout() {
    MutationRequest request = codec.readRequest(example("create-request-await.json"));

    assertThat(request.awaitConsumers()).isPresent();
    assertThat(request.awaitConsumers().get().consumerIds())
        .containsExactly("c906b4a4-0cda-4f46-bd80-255f570c195d");
    assertThat(request.awaitConsumers().get().timeout()).isEqualTo(Duration.ofMillis(5000));
  }

  @Test
  void dataAlias_readsAsRecords() {
    MutationRequest.Create create =
        (MutationRequest.Create) codec.readRequest(example("create-request-data-alias.json"));

    assertThat(create.records()).hasSize(1);
    assertThat(create.records().get(0).data()).containsEntry("LastName", "Atreides");
    assertThat(new String(codec.writeRequest(create))).contains("\"records\":[");
  }

  @Test
  void updateRequest_readsUpstreamIds() {
    MutationRequest.Update update =
        (MutationRequest.Update) codec.readRequest(example("update-request.json"));

    assertThat(update.records())
        .extracting(r -> r.upstreamId().orElseThrow())
        .containsExactly("0031U00000Qn2ZVQAZ", "0031U00000Qn2ZVQBA");
  }

  @Test
  void deleteRequest_readsUpstreamIds() {
    MutationRequest.Delete delete =
        (MutationRequest.Delete) codec.readRequest(example("delete-request.json"));

    assertThat(delete.upstreamIds()).containsExactly("0031U00000Qn2ZVQAZ");
  }

  @Test
  void successResponse_readsIntoTypedModelWithNothingLost() {
    MutationResult result = codec.readResult(example("success-response.json"));

    Record record = result.record();
    assertThat(record.syncId()).isEqualTo("70a313f8-7c94-43d4-8d0c-5659a52de5c4");
    assertThat(record.collectionId()).isEqualTo("salesforce:task");
    assertThat(record.upstreamId()).isEqualTo("0018b000021BldZAAS");
    assertThat(record.upstreamUpdatedAt()).isEqualTo(Instant.parse("2024-11-10T18:39:00.070453Z"));
    assertThat(record.upstreamCreatedAt()).isEmpty();
    assertThat(record.updatedIdx()).isEmpty();
    assertThat(record.data())
        .containsExactly(
            Map.entry("activity_date", "2023-09-12"), Map.entry("description", "task description"));
    assertThat(record.deleted()).isFalse();
    assertThat(codec.readResult(codec.writeResult(result))).isEqualTo(result);
  }

  @Test
  void successResponse_writesTimestampsWithMicroseconds() {
    MutationResult result = codec.readResult(example("success-response.json"));

    assertThat(new String(codec.writeResult(result)))
        .contains("\"upstream_updated_at\":\"2024-11-10T18:39:00.070453Z\"");
  }

  @Test
  void publishedErrors_readWithoutCode() {
    MutationError validation = codec.readError(400, example("error-400-upstream-validation.json"));
    MutationError timeout = codec.readError(500, example("error-500-consumers-timeout.json"));
    MutationError upstream = codec.readError(504, example("error-504-upstream-timeout.json"));

    assertThat(validation.message())
        .isEqualTo("Error: Salesforce validation error: `Invalid email`");
    assertThat(validation.code()).isEmpty();
    assertThat(validation.docs()).isEmpty();
    assertThat(timeout.detail())
        .isEqualTo("Timed out waiting for consumers: c906b4a4-0cda-4f46-bd80-255f570c195d");
    assertThat(upstream.status()).isEqualTo(504);
    assertThat(upstream.message()).isEqualTo("Error: Salesforce API timed out");
  }

  @Test
  void error_roundTripsWithExtensionFields() {
    Record record =
        Record.builder()
            .syncId("s")
            .collectionId("c")
            .upstreamId("003000000000001AAA")
            .upstreamUpdatedAt(Instant.parse("2024-11-10T18:39:00.070453Z"))
            .updatedIdx(7)
            .data(Map.of("Amount", JsonNumber.parse("12345678901234567890.000000001")))
            .build();
    MutationError error =
        MutationError.of(ErrorCode.CONSUMERS_TIMEOUT, "Timed out waiting for consumers: a, b")
            .withPendingConsumerIds(List.of("a", "b"))
            .withRecords(List.of(record))
            .withFailures(List.of(new MutationError.Failure(3, "Error: bad")))
            .withDocs(List.of("https://example.com/docs#consumers_timeout"));

    MutationError again = codec.readError(500, codec.writeError(error));

    assertThat(again).isEqualTo(error);
  }
}
