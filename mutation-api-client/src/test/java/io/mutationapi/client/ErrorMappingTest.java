package io.mutationapi.client;

import static io.mutationapi.client.Fixtures.clientFor;
import static io.mutationapi.client.Fixtures.example;
import static io.mutationapi.client.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every status of WIRE.md's error table becomes the right exception, with all its fields. */
class ErrorMappingTest {
  @StartStop private final MockWebServer server = new MockWebServer();
  private MutationClient client;

  @BeforeEach
  void setUp() {
    client = clientFor(server).maxRetries(0).build();
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  static Stream<Arguments> wireErrorTable() {
    return Stream.of(
        Arguments.of(400, "validation_error", BadRequestException.class),
        Arguments.of(400, "unknown_consumer", BadRequestException.class),
        Arguments.of(400, "consumer_not_subscribed", BadRequestException.class),
        Arguments.of(400, "upstream_validation_error", BadRequestException.class),
        Arguments.of(401, "unauthorized", UnauthorizedException.class),
        Arguments.of(403, "forbidden", ForbiddenException.class),
        Arguments.of(404, "not_found", NotFoundException.class),
        Arguments.of(405, "method_not_allowed", MutationServiceException.class),
        Arguments.of(409, "idempotency_key_in_progress", IdempotencyConflictException.class),
        Arguments.of(413, "payload_too_large", MutationServiceException.class),
        Arguments.of(415, "unsupported_media_type", MutationServiceException.class),
        Arguments.of(422, "idempotency_key_reused", IdempotencyConflictException.class),
        Arguments.of(429, "rate_limited", RateLimitedException.class),
        Arguments.of(500, "consumers_timeout", ConsumersTimeoutException.class),
        Arguments.of(500, "internal_error", ServerException.class),
        Arguments.of(502, "upstream_error", UpstreamFailedException.class),
        Arguments.of(503, "unavailable", ServerException.class),
        Arguments.of(504, "upstream_timeout", UpstreamFailedException.class));
  }

  private MutationServiceException send(MockResponse response) {
    server.enqueue(response);
    return catchThrowableOfType(
        MutationServiceException.class,
        () -> client.mutations().delete("s", "c").upstreamIds("a").execute());
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("wireErrorTable")
  void everyStatusOfTheWireTable_mapsToItsExceptionWithAllFields(
      int status, String code, Class<?> type) {
    MutationServiceException e =
        send(
            new MockResponse.Builder()
                .code(status)
                .setHeader("X-Request-Id", "req-" + status)
                .setHeader("Retry-After", "3")
                .body(
                    "{\"error\":\"Error: something about "
                        + code
                        + "\",\"docs\":[\"https://docs.example.com/"
                        + code
                        + "\"],\"code\":\""
                        + code
                        + "\"}")
                .build());

    assertThat(e).isExactlyInstanceOf(type);
    assertThat(e.status()).isEqualTo(status);
    assertThat(e.code()).contains(ErrorCode.of(code));
    assertThat(e.errorMessage()).isEqualTo("Error: something about " + code);
    assertThat(e.docs()).containsExactly("https://docs.example.com/" + code);
    assertThat(e.requestId()).contains("req-" + status);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
    assertThat(e.error().status()).isEqualTo(status);
    assertThat(e.getMessage())
        .startsWith("HTTP " + status + " " + code + ": Error: something about " + code)
        .contains("(request id req-" + status + ")");
  }

  @ParameterizedTest(name = "{0} without code -> {2}")
  @MethodSource("wireErrorTable")
  void withoutCode_asTheHostedApiSends_theStatusChoosesTheException(
      int status, String code, Class<?> type) {
    String message =
        code.equals("consumers_timeout") ? "Timed out waiting for consumers: c1" : "boom";
    MutationServiceException e = send(Fixtures.error(status, null, message));

    assertThat(e).isExactlyInstanceOf(type);
    assertThat(e.code()).isEmpty();
    assertThat(e.requestId()).isEmpty();
    assertThat(e.retryAfter()).isEmpty();
  }

  @Test
  void publishedUpstreamValidationBody_isABadRequest() {
    MutationServiceException e = send(json(400, example("error-400-upstream-validation.json")));

    assertThat(e).isInstanceOf(BadRequestException.class);
    assertThat(e.errorMessage()).isEqualTo("Error: Salesforce validation error: `Invalid email`");
    assertThat(e.error().detail()).isEqualTo("Salesforce validation error: `Invalid email`");
    assertThat(e.docs()).isEmpty();
    assertThat(e.code()).isEmpty();
  }

  @Test
  void publishedUpstreamTimeoutBody_isAnUpstreamTimeout() {
    UpstreamFailedException e =
        (UpstreamFailedException) send(json(504, example("error-504-upstream-timeout.json")));

    assertThat(e.isTimeout()).isTrue();
    assertThat(e.errorMessage()).isEqualTo("Error: Salesforce API timed out");
  }

  @Test
  void publishedConsumersTimeoutBody_parsesPendingConsumersFromTheMessage() {
    ConsumersTimeoutException e =
        (ConsumersTimeoutException) send(json(500, example("error-500-consumers-timeout.json")));

    assertThat(e.pendingConsumerIds()).containsExactly("c906b4a4-0cda-4f46-bd80-255f570c195d");
    assertThat(e.records()).isEmpty();
    assertThat(e.code()).isEmpty();
  }

  @Test
  void consumersTimeout_messageSaysTheMutationWasAppliedAndWarnsAboutRetryingCreates() {
    ConsumersTimeoutException e =
        (ConsumersTimeoutException)
            send(Fixtures.error(500, null, "Timed out waiting for consumers: a, b"));

    assertThat(e.pendingConsumerIds()).containsExactly("a", "b");
    assertThat(e.getMessage())
        .contains("WAS applied")
        .contains("Do not retry a create without the same idempotency key");
  }

  @Test
  void consumersTimeout_prefersPendingConsumerIdsAndCarriesTheAppliedRecords() {
    ConsumersTimeoutException e =
        (ConsumersTimeoutException)
            send(
                json(
                    500,
                    "{\"error\":\"Error: Timed out waiting for consumers: a, b\",\"docs\":[],"
                        + "\"code\":\"consumers_timeout\",\"pending_consumer_ids\":[\"b\"],"
                        + "\"records\":["
                        + Fixtures.RECORD_JSON
                        + "]}"));

    assertThat(e.pendingConsumerIds()).containsExactly("b");
    assertThat(e.records()).hasSize(1);
    assertThat(e.records().get(0).upstreamId()).isEqualTo("0031U00000Qn2ZVQAZ");
    assertThat(e.records().get(0).data()).containsEntry("FirstName", "Paul");
  }

  @Test
  void consumersTimeout_isNeverRetried() {
    try (MutationClient retrying = client.withOptions(o -> o.maxRetries(2))) {
      server.enqueue(
          Fixtures.error(500, "consumers_timeout", "Timed out waiting for consumers: a"));
      catchThrowableOfType(
          ConsumersTimeoutException.class,
          () -> retrying.mutations().create("s", "c").record(Map.of("a", 1)).execute());
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void partialFailure_exposesAppliedRecordsAndFailures() {
    UpstreamFailedException e =
        (UpstreamFailedException)
            send(
                json(
                    502,
                    "{\"error\":\"Error: Salesforce failed\",\"docs\":[],\"code\":\"upstream_error\","
                        + "\"records\":["
                        + Fixtures.RECORD_JSON
                        + "],\"failures\":[{\"index\":1,\"error\":\"Invalid email\"}]}"));

    assertThat(e.isTimeout()).isFalse();
    assertThat(e.error().records()).hasSize(1);
    assertThat(e.error().failures()).containsExactly(new MutationError.Failure(1, "Invalid email"));
  }

  @Test
  void idempotencyConflicts_sayWhichKind() {
    IdempotencyConflictException reused =
        (IdempotencyConflictException)
            send(Fixtures.error(422, "idempotency_key_reused", "key reused"));
    assertThat(reused.isReused()).isTrue();
    assertThat(reused.isInProgress()).isFalse();

    IdempotencyConflictException inProgress =
        (IdempotencyConflictException)
            send(Fixtures.error(409, "idempotency_key_in_progress", "in progress"));
    assertThat(inProgress.isInProgress()).isTrue();
  }

  @Test
  void unknownCode_fallsBackToTheStatusAndKeepsTheCode() {
    MutationServiceException e = send(Fixtures.error(400, "brand_new_code", "new"));

    assertThat(e).isExactlyInstanceOf(BadRequestException.class);
    assertThat(e.code().map(ErrorCode::value)).contains("brand_new_code");
  }

  @Test
  void bodyThatIsNotJson_stillMapsByStatus() {
    MutationServiceException e =
        send(new MockResponse.Builder().code(502).body("<html>Bad Gateway</html>").build());

    assertThat(e).isExactlyInstanceOf(UpstreamFailedException.class);
    assertThat(e.errorMessage()).startsWith("Error: HTTP 502");
  }

  @Test
  void redirect_isNotFollowedAndSaysWhereTheApiMoved() {
    MutationServiceException e =
        send(
            new MockResponse.Builder()
                .code(301)
                .setHeader("Location", "https://api.example.com/v1/mutations/run")
                .build());

    assertThat(e).isExactlyInstanceOf(MutationServiceException.class);
    assertThat(e.status()).isEqualTo(301);
    assertThat(e.getMessage())
        .contains("redirect to https://api.example.com/v1/mutations/run")
        .contains("point baseUrl at the new location");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void retryAfterAsHttpDate_isReadAsADuration() {
    MutationServiceException e =
        send(
            new MockResponse.Builder()
                .code(429)
                .setHeader("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")
                .body("{\"error\":\"Error: slow down\",\"docs\":[]}")
                .build());

    assertThat(e).isExactlyInstanceOf(RateLimitedException.class);
    assertThat(e.retryAfter()).contains(Duration.ZERO); // a date in the past: retry now
  }

  @Test
  void of_choosesTheSameSubclassForCallersBuildingTheirOwnFakes() {
    MutationError error = MutationError.of(ErrorCode.UPSTREAM_TIMEOUT, "Salesforce API timed out");

    assertThat(MutationServiceException.of(error, Optional.empty(), Optional.empty()))
        .isExactlyInstanceOf(UpstreamFailedException.class);
    assertThat(
            MutationServiceException.of(
                    new MutationError(
                        500,
                        Optional.empty(),
                        "Error: Timed out waiting for consumers: x",
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of()),
                    Optional.empty(),
                    Optional.empty())
                .getClass())
        .isEqualTo(ConsumersTimeoutException.class);
  }
}
