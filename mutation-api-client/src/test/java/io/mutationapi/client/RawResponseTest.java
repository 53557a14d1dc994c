package io.mutationapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** {@code withRawResponse()}: the success path's metadata, and nothing else changed. */
class RawResponseTest {
  @StartStop private final MockWebServer server = new MockWebServer();

  private static MockResponse okWith(String... headers) {
    MockResponse.Builder b =
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "application/json")
            .body(Fixtures.SUCCESS);
    for (int i = 0; i < headers.length; i += 2) {
      b.addHeader(headers[i], headers[i + 1]);
    }
    return b.build();
  }

  @Test
  void withRawResponse_execute_returnsResultStatusRequestIdReplayedAndKey() throws Exception {
    server.enqueue(okWith("X-Request-Id", "req-42", "Idempotent-Replayed", "true"));

    try (MutationClient client = Fixtures.clientFor(server).build()) {
      MutationResponse response =
          client
              .mutations()
              .create("s1", "salesforce:contact")
              .record(Map.of("FirstName", "Paul"))
              .idempotencyKey("order-42")
              .withRawResponse()
              .execute();

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.requestId()).contains("req-42");
      assertThat(response.isIdempotentReplayed()).isTrue();
      assertThat(response.idempotencyKey()).isEqualTo("order-42");
      assertThat(response.result().record().upstreamId()).isEqualTo("0031U00000Qn2ZVQAZ");
      assertThat(response.toString())
          .contains("status=200", "req-42", "idempotentReplayed=true")
          .doesNotContain("Paul");
    }
    assertThat(server.takeRequest().getHeaders().get("Idempotency-Key")).isEqualTo("order-42");
  }

  @Test
  void withRawResponse_withoutReplayHeader_isNotReplayed_andHeadersAreCaseInsensitive()
      throws Exception {
    server.enqueue(okWith("X-Custom", "a", "X-Custom", "b"));

    try (MutationClient client = Fixtures.clientFor(server).build()) {
      MutationResponse response =
          client.mutations().delete("s1", "c").upstreamIds("a").withRawResponse().execute();

      assertThat(response.isIdempotentReplayed()).isFalse();
      assertThat(response.requestId()).isEmpty();
      assertThat(response.header("x-custom")).contains("b");
      assertThat(response.headers().get("X-CUSTOM")).containsExactly("a", "b");
      assertThat(response.idempotencyKey()).isNotBlank();
      assertThatThrownBy(() -> response.headers().put("x", List.of()))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> response.headers().get("x-custom").add("c"))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  void withRawResponse_afterARetry_describesTheAttemptThatSucceeded_withTheSameKey()
      throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(503)
            .setHeader("Retry-After", "0")
            .setHeader("X-Request-Id", "req-1")
            .body("{\"error\":\"Error: busy\",\"code\":\"unavailable\"}")
            .build());
    server.enqueue(okWith("X-Request-Id", "req-2"));

    try (MutationClient client = Fixtures.clientFor(server).build()) {
      MutationResponse response =
          client.mutations().delete("s1", "c").upstreamIds("a").withRawResponse().execute();

      assertThat(response.requestId()).contains("req-2");
      RecordedRequest first = server.takeRequest();
      RecordedRequest second = server.takeRequest();
      assertThat(second.getHeaders().get("Idempotency-Key"))
          .isEqualTo(first.getHeaders().get("Idempotency-Key"))
          .isEqualTo(response.idempotencyKey());
    }
  }

  @Test
  void withRawResponse_errorAnswer_throwsAsExecuteDoes() {
    server.enqueue(Fixtures.error(400, "validation_error", "records[0]: bad"));

    try (MutationClient client = Fixtures.clientFor(server).build()) {
      assertThatThrownBy(
              () ->
                  client.mutations().delete("s1", "c").upstreamIds("a").withRawResponse().execute())
          .isInstanceOf(BadRequestException.class)
          .hasMessageContaining("records[0]: bad");
    }
  }

  @Test
  void withRawResponse_executeAsync_completesWithTheResponse() throws Exception {
    server.enqueue(okWith("X-Request-Id", "req-async", "Idempotent-Replayed", "TRUE"));

    try (MutationClient client = Fixtures.clientFor(server).build()) {
      MutationResponse response =
          client
              .mutations()
              .update("s1", "c")
              .record("0031U00000Qn2ZVQAZ", Map.of("Email", "paul@caladan.org"))
              .withRawResponse()
              .executeAsync()
              .get(10, TimeUnit.SECONDS);

      assertThat(response.requestId()).contains("req-async");
      assertThat(response.isIdempotentReplayed()).isTrue();
      assertThat(response.result().records()).hasSize(1);
    }
  }

  @Test
  void withRawResponse_sendsWhatTheCallHoldsWhenItExecutes() throws Exception {
    server.enqueue(Fixtures.ok());

    try (MutationClient client = Fixtures.clientFor(server).build()) {
      DeleteCall call = client.mutations().delete("s1", "c");
      MutationCall.WithRawResponse raw = call.withRawResponse();
      call.upstreamIds("late-id");

      raw.execute();
    }
    assertThat(server.takeRequest().getBody().utf8()).contains("late-id");
  }
}
