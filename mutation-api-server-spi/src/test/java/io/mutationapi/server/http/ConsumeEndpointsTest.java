package io.mutationapi.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.Record;
import io.mutationapi.internal.WireCodec;
import io.mutationapi.server.InMemoryIdempotencyStore;
import io.mutationapi.server.spi.AckOutcome;
import io.mutationapi.server.spi.Authenticator;
import io.mutationapi.server.spi.ConsumeService;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.PullOutcome;
import io.mutationapi.server.spi.PullRequest;
import io.mutationapi.server.spi.PulledMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Consume endpoints of the neutral handler, on a recording fake service: no sockets. */
class ConsumeEndpointsTest {
  static final Principal APP = Principal.of("app", "s");

  final FakeConsumeService consume = new FakeConsumeService();
  final Authenticator tokens =
      token -> token.equals("secret") ? Optional.of(APP) : Optional.empty();
  final MutationHttpHandler handler =
      MutationHttpHandler.builder(
              (request, principal) ->
                  CompletableFuture.completedFuture(
                      new MutationOutcome.Failure(
                          MutationError.of(ErrorCode.INTERNAL_ERROR, "not in these tests"))))
          .idempotencyStore(InMemoryIdempotencyStore.create())
          .authenticator(tokens)
          .limits(1000, Duration.ofSeconds(60))
          .consumeService(consume)
          .build();

  /** Records every call; answers with what the test set. */
  static final class FakeConsumeService implements ConsumeService {
    final List<String> calls = new ArrayList<>();
    final List<PullRequest> pulls = new ArrayList<>();
    final List<List<String>> tokens = new ArrayList<>();
    PullOutcome next = new PullOutcome.Pulled(List.of(), 0, 0);
    AckOutcome ack = new AckOutcome.Done(0, List.of());

    @Override
    public CompletionStage<PullOutcome> next(
        String consumerId, PullRequest request, Principal principal) {
      calls.add("next " + consumerId + " " + principal.name());
      pulls.add(request);
      return CompletableFuture.completedFuture(next);
    }

    @Override
    public AckOutcome ack(String consumerId, List<String> ackTokens, Principal principal) {
      calls.add("ack " + consumerId);
      tokens.add(ackTokens);
      return ack;
    }

    @Override
    public AckOutcome nack(String consumerId, List<String> ackTokens, Principal principal) {
      calls.add("nack " + consumerId);
      tokens.add(ackTokens);
      return ack;
    }
  }

  static HandlerRequest request(
      String method, String path, String query, String body, String... headerPairs) {
    Map<String, List<String>> headers = new HashMap<>();
    headers.put("Authorization", List.of("Bearer secret"));
    if (body != null) {
      headers.put("Content-Type", List.of("application/json"));
    }
    for (int i = 0; i < headerPairs.length; i += 2) {
      if (headerPairs[i + 1] == null) {
        headers.remove(headerPairs[i]);
      } else {
        headers.put(headerPairs[i], List.of(headerPairs[i + 1]));
      }
    }
    InputStream in =
        new ByteArrayInputStream(
            body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    return new HandlerRequest(method, path, headers, in, query);
  }

  HandlerResponse handle(HandlerRequest request) {
    return handler.handle(request).toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }

  static String text(HandlerResponse response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  static MutationError error(HandlerResponse response) {
    return WireCodec.standard().readError(response.status(), response.body());
  }

  static Record record() {
    return Record.builder()
        .syncId("s")
        .collectionId("c")
        .upstreamId("001")
        .upstreamUpdatedAt(Instant.parse("2024-11-10T18:39:00Z"))
        .updatedIdx(7)
        .data(Map.of("Name", "Ada"))
        .build();
  }

  @Test
  void getNext_withQueryString_passesBatchSizeAndWaitFor_andAnswersMessagesAndInfo() {
    consume.next = new PullOutcome.Pulled(List.of(new PulledMessage("tok-1", record(), 2)), 12, 3);

    HandlerResponse response =
        handle(request("GET", "/v1/http-consumers/worker/next", "batch_size=5&wait_for=250", null));

    assertThat(response.status()).isEqualTo(200);
    assertThat(consume.calls).containsExactly("next worker app");
    assertThat(consume.pulls).containsExactly(new PullRequest(5, Duration.ofMillis(250)));
    assertThat(text(response))
        .startsWith("{\"data\":[{\"ack_token\":\"tok-1\",\"record\":{")
        .contains("\"upstream_id\":\"001\"", "\"updated_idx\":7", "\"delivery_count\":2")
        .endsWith("\"info\":{\"num_pending\":12,\"num_ack_pending\":3}}");
  }

  @Test
  void postNext_withJsonBody_passesItsParameters() {
    handle(
        request(
            "POST", "/v1/http-consumers/worker/next", "", "{\"batch_size\":10,\"wait_for\":0}"));

    assertThat(consume.pulls).containsExactly(new PullRequest(10, Duration.ZERO));
  }

  @Test
  void postNext_withoutBodyOrContentType_takesTheQuery_orTheDefaults() {
    handle(request("POST", "/v1/http-consumers/worker/next", "wait_for=5", null));
    handle(request("POST", "/v1/http-consumers/worker/next", "", null));
    handle(request("POST", "/v1/http-consumers/worker/next", "", "{}"));

    assertThat(consume.pulls)
        .containsExactly(
            new PullRequest(1, Duration.ofMillis(5)), PullRequest.DEFAULT, PullRequest.DEFAULT);
  }

  @Test
  void next_parameterInBothQueryAndBody_is400NamingIt_andNothingIsPulled() {
    HandlerResponse response =
        handle(
            request(
                "POST", "/v1/http-consumers/worker/next", "batch_size=2", "{\"batch_size\":2}"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(error(response).message()).startsWith("Error: batch_size: given both");
    assertThat(consume.calls).isEmpty();
  }

  @Test
  void next_unknownQueryParameters_are400NamingThem() {
    HandlerResponse response =
        handle(request("GET", "/v1/http-consumers/w/next", "batchsize=2&wait=1&wait_for=3", null));

    assertThat(response.status()).isEqualTo(400);
    assertThat(error(response).code()).contains(ErrorCode.VALIDATION_ERROR);
    assertThat(error(response).message())
        .isEqualTo(
            "Error: unknown query parameters 'batchsize', 'wait'; known: batch_size, wait_for");
    assertThat(consume.calls).isEmpty();
  }

  @Test
  void next_badBatchSizeAndWaitFor_are400_withTheRuleAndWhatWasSent() {
    assertThat(message(request("GET", "/v1/http-consumers/w/next", "batch_size=abc", null)))
        .isEqualTo("Error: batch_size: must be an integer, got 'abc'");
    assertThat(message(request("GET", "/v1/http-consumers/w/next", "batch_size=0", null)))
        .isEqualTo("Error: batch_size: must be 1 to 1000, got 0");
    assertThat(message(request("GET", "/v1/http-consumers/w/next", "batch_size=1001", null)))
        .isEqualTo("Error: batch_size: must be 1 to 1000, got 1001");
    assertThat(
            message(
                request("GET", "/v1/http-consumers/w/next", "wait_for=99999999999999999999", null)))
        .startsWith("Error: wait_for: must be 0 to 60000 milliseconds");
    assertThat(message(request("GET", "/v1/http-consumers/w/next", "wait_for=-1", null)))
        .startsWith("Error: wait_for: must be 0 to 60000");
    assertThat(message(request("POST", "/v1/http-consumers/w/next", "", "{\"batch_size\":1.5}")))
        .isEqualTo(
            "Error: batch_size: must be an integer, got a number with a fraction or an exponent");
    assertThat(message(request("POST", "/v1/http-consumers/w/next", "", "{\"batch_size\":\"5\"}")))
        .isEqualTo("Error: batch_size: must be an integer, got a string");
    assertThat(message(request("POST", "/v1/http-consumers/w/next", "", "{\"wait_for\":1e999999}")))
        .startsWith("Error: wait_for: must be an integer");
    assertThat(consume.calls).isEmpty();
  }

  @Test
  void next_malformedJsonOrUnknownField_is400() {
    assertThat(message(request("POST", "/v1/http-consumers/w/next", "", "{\"batch_size\":")))
        .startsWith("Error: ");
    assertThat(message(request("POST", "/v1/http-consumers/w/next", "", "[1]")))
        .isEqualTo("Error: $: the body must be a JSON object");
    assertThat(message(request("POST", "/v1/http-consumers/w/next", "", "{\"batchSize\":1}")))
        .isEqualTo("Error: unknown field 'batchSize'; known: batch_size, wait_for");
    assertThat(consume.calls).isEmpty();
  }

  @Test
  void postNext_withABodyOfAnotherContentType_is415() {
    HandlerResponse response =
        handle(
            request(
                "POST",
                "/v1/http-consumers/w/next",
                "",
                "batch_size=1",
                "Content-Type",
                "application/x-www-form-urlencoded"));

    assertThat(response.status()).isEqualTo(415);
    assertThat(error(response).code()).contains(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
  }

  @Test
  void next_refusedByTheService_isItsErrorInTheEnvelope() {
    consume.next =
        new PullOutcome.Refused(
            MutationError.of(ErrorCode.NOT_FOUND, "Consumer db is not an HTTP consumer"));

    HandlerResponse response = handle(request("GET", "/v1/http-consumers/db/next", "", null));

    assertThat(response.status()).isEqualTo(404);
    assertThat(error(response).code()).contains(ErrorCode.NOT_FOUND);
    assertThat(error(response).message()).isEqualTo("Error: Consumer db is not an HTTP consumer");
    assertThat(response.header("X-Request-Id")).isNotBlank();
  }

  @Test
  void next_serviceShuttingDown_is503WithRetryAfter() {
    consume.next =
        new PullOutcome.Refused(MutationError.of(ErrorCode.UNAVAILABLE, "Server shutting down"));

    HandlerResponse response = handle(request("GET", "/v1/http-consumers/w/next", "", null));

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.header("Retry-After")).isEqualTo("1");
  }

  @Test
  void ack_everyTokenHandled_is204WithoutBody() {
    consume.ack = new AckOutcome.Done(2, List.of());

    HandlerResponse response =
        handle(request("POST", "/v1/http-consumers/w/ack", "", "{\"ack_tokens\":[\"a\",\"b\"]}"));

    assertThat(response.status()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
    assertThat(response.headers()).containsKey("X-Request-Id").doesNotContainKey("Content-Type");
    assertThat(consume.calls).containsExactly("ack w");
    assertThat(consume.tokens).containsExactly(List.of("a", "b"));
  }

  @Test
  void ackAndNack_someTokensRejected_is400_countingTheOthers_withFailures() {
    consume.ack =
        new AckOutcome.Done(
            2,
            List.of(
                new AckOutcome.RejectedToken(
                    1, AckOutcome.Reason.UNKNOWN, "ack_tokens[1]: unknown ack token")));
    String body = "{\"ack_tokens\":[\"a\",\"b\",\"c\"]}";

    HandlerResponse acked = handle(request("POST", "/v1/http-consumers/w/ack", "", body));
    HandlerResponse nacked = handle(request("POST", "/v1/http-consumers/w/nack", "", body));

    assertThat(acked.status()).isEqualTo(400);
    assertThat(text(acked))
        .contains(
            "\"error\":\"Error: ack_tokens[1]: unknown ack token (2 of 3 tokens were acked; 1 was"
                + " not: see failures)\"",
            "\"code\":\"validation_error\"",
            "\"acked\":2,\"failures\":[{\"index\":1,\"error\":\"ack_tokens[1]: unknown ack token\"}]");
    assertThat(text(nacked)).contains("tokens were nacked", "\"nacked\":2");
    assertThat(consume.calls).containsExactly("ack w", "nack w");
  }

  @Test
  void ack_badBodies_are400_andNothingIsAcked() {
    assertThat(message(request("POST", "/v1/http-consumers/w/ack", "", "{}")))
        .startsWith("Error: ack_tokens: required");
    assertThat(message(request("POST", "/v1/http-consumers/w/ack", "", "{\"ack_tokens\":[]}")))
        .isEqualTo("Error: ack_tokens: must hold 1 to 1000 tokens, got 0");
    StringBuilder many = new StringBuilder("{\"ack_tokens\":[\"t\"");
    many.append(",\"t\"".repeat(1000)).append("]}");
    assertThat(message(request("POST", "/v1/http-consumers/w/ack", "", many.toString())))
        .isEqualTo("Error: ack_tokens: must hold 1 to 1000 tokens, got 1001");
    assertThat(
            message(request("POST", "/v1/http-consumers/w/ack", "", "{\"ack_tokens\":[\"a\",2]}")))
        .isEqualTo("Error: ack_tokens[1]: must be a non-empty string");
    assertThat(
            message(
                request(
                    "POST", "/v1/http-consumers/w/nack", "", "{\"ack_tokens\":[\"a\"],\"x\":1}")))
        .isEqualTo("Error: unknown field 'x'; known: ack_tokens");
    assertThat(message(request("POST", "/v1/http-consumers/w/ack", "", "{\"ack_tokens\":[\"a\"")))
        .startsWith("Error: ");
    assertThat(consume.calls).isEmpty();
  }

  @Test
  void ack_bodyOverOneMebibyte_is413_declaredOrRead() {
    HandlerResponse declared =
        handle(
            request(
                "POST",
                "/v1/http-consumers/w/ack",
                "",
                "{}",
                "Content-Length",
                Long.toString(2L * 1024 * 1024)));
    String big = "{\"ack_tokens\":[\"" + "a".repeat(SmallBodies.MAX_BYTES) + "\"]}";
    HandlerResponse read = handle(request("POST", "/v1/http-consumers/w/ack", "", big));

    assertThat(declared.status()).isEqualTo(413);
    assertThat(read.status()).isEqualTo(413);
    assertThat(error(read).code()).contains(ErrorCode.PAYLOAD_TOO_LARGE);
    assertThat(consume.calls).isEmpty();
  }

  @Test
  void ack_withoutJsonContentType_is415() {
    HandlerResponse response =
        handle(
            request(
                "POST",
                "/v1/http-consumers/w/ack",
                "",
                "{\"ack_tokens\":[\"a\"]}",
                "Content-Type",
                "text/plain"));

    assertThat(response.status()).isEqualTo(415);
    assertThat(consume.calls).isEmpty();
  }

  @Test
  void missingOrWrongBearerToken_is401_onEveryConsumeEndpoint_beforeTheBody() {
    for (String path : List.of("/v1/http-consumers/w/next", "/v1/http-consumers/w/ack")) {
      HandlerResponse missing = handle(request("POST", path, "", "{", "Authorization", null));
      HandlerResponse wrong =
          handle(request("POST", path, "", "{", "Authorization", "Bearer nope"));

      assertThat(missing.status()).isEqualTo(401);
      assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer");
      assertThat(error(missing).message()).startsWith("Error: Missing bearer token");
      assertThat(wrong.status()).isEqualTo(401);
      assertThat(error(wrong).code()).contains(ErrorCode.UNAUTHORIZED);
    }
    assertThat(consume.calls).isEmpty();
  }

  @Test
  void otherMethods_are405_withThePathsAllow() {
    HandlerResponse next = handle(request("DELETE", "/v1/http-consumers/w/next", "", null));
    HandlerResponse ack = handle(request("GET", "/v1/http-consumers/w/ack", "", null));

    assertThat(next.status()).isEqualTo(405);
    assertThat(next.header("Allow")).isEqualTo("GET, POST");
    assertThat(error(next).message())
        .isEqualTo("Error: Method DELETE not allowed; use GET or POST");
    assertThat(ack.status()).isEqualTo(405);
    assertThat(ack.header("Allow")).isEqualTo("POST");
    assertThat(error(ack).code()).contains(ErrorCode.METHOD_NOT_ALLOWED);
  }

  @Test
  void idInThePath_isPercentDecoded_malformedIs400_emptyIs404() {
    handle(request("GET", "/v1/http-consumers/caf%C3%A9%2Fw/next", "", null));
    HandlerResponse malformed = handle(request("GET", "/v1/http-consumers/a%ZZ/next", "", null));
    HandlerResponse notUtf8 = handle(request("GET", "/v1/http-consumers/a%C3/next", "", null));
    HandlerResponse empty = handle(request("GET", "/v1/http-consumers//next", "", null));

    assertThat(consume.calls).containsExactly("next café/w app");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(error(malformed).message()).startsWith("Error: Malformed id in the path");
    assertThat(notUtf8.status()).isEqualTo(400);
    assertThat(empty.status()).isEqualTo(404);
  }

  @Test
  void withoutAConsumeService_theConsumePathsAreNotFound() {
    MutationHttpHandler plain =
        MutationHttpHandlerTest.builder((request, principal) -> null).authenticator(tokens).build();

    HandlerResponse response =
        plain
            .handle(request("GET", "/v1/http-consumers/w/next", "", null))
            .toCompletableFuture()
            .join();

    assertThat(response.status()).isEqualTo(404);
    assertThat(error(response).message())
        .isEqualTo("Error: Not found; the endpoint is POST /v1/mutations/run");
  }

  private String message(HandlerRequest request) {
    HandlerResponse response = handle(request);
    assertThat(response.status()).as(text(response)).isEqualTo(400);
    return error(response).message();
  }
}
