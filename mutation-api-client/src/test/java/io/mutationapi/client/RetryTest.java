package io.mutationapi.client;

import static io.mutationapi.client.Fixtures.clientFor;
import static io.mutationapi.client.Fixtures.error;
import static io.mutationapi.client.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mutationapi.MutationResult;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which failures are retried, how often, how long apart, and always with the same key. */
class RetryTest {
  @StartStop private final MockWebServer server = new MockWebServer();
  private final FakeTiming timing = new FakeTiming();
  private MutationClient client;

  @BeforeEach
  void setUp() {
    client = clientFor(server).timing(timing).build();
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  private MutationResult create() {
    return client.mutations().create("s", "c").record(Map.of("a", 1)).execute();
  }

  private List<String> idempotencyKeys() throws InterruptedException {
    List<String> keys = new ArrayList<>();
    for (int i = server.getRequestCount(); i > 0; i--) {
      keys.add(server.takeRequest().getHeaders().get("Idempotency-Key"));
    }
    return keys;
  }

  private static MockResponse withRetryAfter(int status, String code, String seconds) {
    return new MockResponse.Builder(error(status, code, "wait"))
        .setHeader("Retry-After", seconds)
        .build();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {408, 429, 502, 503, 504})
  void transientStatus_isRetriedWithTheSameIdempotencyKey(int status) throws Exception {
    server.enqueue(error(status, null, "transient"));
    server.enqueue(error(status, null, "transient"));
    server.enqueue(ok());

    assertThat(create().record().upstreamId()).isEqualTo("0031U00000Qn2ZVQAZ");
    assertThat(server.getRequestCount()).isEqualTo(3);
    List<String> keys = idempotencyKeys();
    assertThat(keys).hasSize(3).doesNotContainNull();
    assertThat(keys).containsOnly(keys.get(0));
  }

  @Test
  void idempotencyKeyInProgress_isRetried() {
    server.enqueue(error(409, "idempotency_key_in_progress", "still running"));
    server.enqueue(ok());

    create();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0} {1}")
  @org.junit.jupiter.params.provider.CsvSource({
    "400, validation_error",
    "400, upstream_validation_error",
    "401, unauthorized",
    "403, forbidden",
    "404, not_found",
    "413, payload_too_large",
    "422, idempotency_key_reused",
    "500, internal_error",
    "500, consumers_timeout"
  })
  void permanentOrUnsafeFailure_isNeverRetried(int status, String code) {
    server.enqueue(error(status, code, "no"));

    catchThrowableOfType(MutationServiceException.class, this::create);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(timing.waits()).isEmpty();
  }

  @Test
  void retriesRunOut_afterMaxRetriesAndTheLastErrorIsThrown() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(error(503, "unavailable", "down " + i));
    }

    ServerException e = catchThrowableOfType(ServerException.class, this::create);
    assertThat(e.errorMessage()).isEqualTo("Error: down 2");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void maxRetriesZero_inDerivedClient_sendsOnceAndLeavesTheClientAlone() {
    server.enqueue(error(503, null, "down"));
    server.enqueue(error(503, null, "down"));
    server.enqueue(ok());

    MutationClient once = client.withOptions(o -> o.maxRetries(0));
    catchThrowableOfType(
        ServerException.class,
        () -> once.mutations().create("s", "c").record(Map.of("a", 1)).execute());
    assertThat(server.getRequestCount()).isEqualTo(1);

    create(); // the original still retries
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void backoff_doublesFromHalfASecondWithUpToAQuarterJitter() {
    timing.random(0.999999);
    server.enqueue(error(503, null, "down"));
    server.enqueue(error(503, null, "down"));
    server.enqueue(ok());

    create();
    List<Duration> waits = timing.waits();
    assertThat(waits).hasSize(2);
    assertThat(waits.get(0)).isBetween(Duration.ofMillis(375), Duration.ofMillis(500));
    assertThat(waits.get(1)).isBetween(Duration.ofMillis(750), Duration.ofMillis(1000));
  }

  @Test
  void backoff_withoutJitterIsExactAndCappedAtEightSeconds() {
    timing.random(0);
    for (int i = 0; i < 7; i++) {
      server.enqueue(error(502, null, "down"));
    }
    server.enqueue(ok());

    try (MutationClient patient = client.withOptions(o -> o.maxRetries(7))) {
      patient.mutations().delete("s", "c").upstreamIds("a").execute();
    }
    assertThat(timing.waits())
        .containsExactly(
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(8),
            Duration.ofSeconds(8));
  }

  @Test
  void retryAfter_isHonouredInsteadOfBackoff() {
    server.enqueue(withRetryAfter(429, "rate_limited", "7"));
    server.enqueue(ok());

    create();
    assertThat(timing.waits()).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void retryAfter_longerThanTheRemainingDeadline_failsAtOnceInsteadOfWaiting() {
    server.enqueue(withRetryAfter(429, "rate_limited", "3600"));
    server.enqueue(ok());

    RateLimitedException e = catchThrowableOfType(RateLimitedException.class, this::create);
    assertThat(e.retryAfter()).contains(Duration.ofHours(1));
    assertThat(timing.waits()).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void retryAfter_isClampedByTheTotalDeadlineAcrossAttempts() {
    server.enqueue(withRetryAfter(503, "unavailable", "4"));
    server.enqueue(withRetryAfter(503, "unavailable", "4"));
    server.enqueue(ok());

    try (MutationClient bounded = client.withOptions(o -> o.timeout(Duration.ofSeconds(6)))) {
      ServerException e =
          catchThrowableOfType(
              ServerException.class,
              () -> bounded.mutations().delete("s", "c").upstreamIds("a").execute());
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(4));
    }
    // 4 s fit in the 6 s deadline once; the second 4 s did not, so there was no third attempt.
    assertThat(timing.waits()).containsExactly(Duration.ofSeconds(4));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void connectionRefused_isRetriedAndReportsThatNothingReachedTheServer() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (MutationClient refused = client.withOptions(o -> o.baseUrl("http://127.0.0.1:" + port))) {
      MutationIoException e =
          catchThrowableOfType(
              MutationIoException.class,
              () -> refused.mutations().create("s", "c").record(Map.of("a", 1)).execute());
      assertThat(e.isOutcomeUnknown()).isFalse();
      assertThat(e.getMessage()).contains("after 3 attempts").contains("no attempt reached");
      assertThat(e.idempotencyKey()).isNotEmpty();
    }
    assertThat(timing.waits()).hasSize(2);
  }

  @Test
  void connectionCutAfterTheRequest_isRetriedWithTheSameKeyAndOutcomeIsUnknown() throws Exception {
    MockResponse cut =
        new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
    server.enqueue(cut);
    server.enqueue(cut);
    server.enqueue(cut);

    MutationIoException e = catchThrowableOfType(MutationIoException.class, this::create);
    assertThat(e.isOutcomeUnknown()).isTrue();
    assertThat(e.getMessage()).contains("may have applied").contains(e.idempotencyKey());
    assertThat(idempotencyKeys()).containsOnly(e.idempotencyKey()).hasSize(3);
  }

  @Test
  void connectionCutThenSuccess_returnsTheResult() {
    server.enqueue(
        new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(ok());

    assertThat(create().records()).hasSize(1);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void asyncRetries_useTheSameKeyAndTheScheduler() throws Exception {
    server.enqueue(error(503, null, "down"));
    server.enqueue(ok());

    MutationResult result =
        client.mutations().create("s", "c").record(Map.of("a", 1)).executeAsync().get();

    assertThat(result.records()).hasSize(1);
    assertThat(timing.waits()).hasSize(1);
    List<String> keys = idempotencyKeys();
    assertThat(keys).hasSize(2);
    assertThat(keys.get(1)).isEqualTo(keys.get(0));
  }
}
