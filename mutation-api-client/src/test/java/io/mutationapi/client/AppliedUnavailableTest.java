package io.mutationapi.client;

import static io.mutationapi.client.Fixtures.RECORD_JSON;
import static io.mutationapi.client.Fixtures.clientFor;
import static io.mutationapi.client.Fixtures.error;
import static io.mutationapi.client.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.internal.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one 503 after which the mutation was applied (the change stream could not take what the
 * upstream applied): never retried, thrown as applied; every other 503 is still retried.
 */
class AppliedUnavailableTest {
  /** Our server's message for it (mutation-api-server-spi's {@code ErrorAnswers.notPublished}). */
  static final String NOT_PUBLISHED =
      "Error: The change stream is unavailable: the records were applied upstream but not"
          + " published, so consumers will not see this change";

  static final String NOT_PUBLISHED_BODY =
      "{\"error\":\""
          + NOT_PUBLISHED
          + "\",\"docs\":[],\"code\":\"unavailable\",\"records\":["
          + RECORD_JSON
          + "]}";

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

  private static MockResponse notPublished() {
    return new MockResponse.Builder(Fixtures.json(503, NOT_PUBLISHED_BODY))
        .setHeader("Retry-After", "1")
        .setHeader("X-Request-Id", "req-1")
        .build();
  }

  private void create() {
    client.mutations().create("s", "c").record(Map.of("a", 1)).execute();
  }

  private List<String> idempotencyKeys() throws InterruptedException {
    List<String> keys = new ArrayList<>();
    for (int i = server.getRequestCount(); i > 0; i--) {
      keys.add(server.takeRequest().getHeaders().get("Idempotency-Key"));
    }
    return keys;
  }

  @Test
  void notPublished503_isSentOnce_andThrownAsAppliedWithItsRecords() {
    server.enqueue(notPublished());
    server.enqueue(ok()); // must not be asked for

    AppliedButUnavailableException e =
        catchThrowableOfType(AppliedButUnavailableException.class, this::create);

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(timing.waits()).isEmpty();
    assertThat(e.status()).isEqualTo(503);
    assertThat(e.code()).contains(ErrorCode.UNAVAILABLE);
    assertThat(e.errorMessage()).isEqualTo(NOT_PUBLISHED);
    assertThat(e.records()).hasSize(1);
    assertThat(e.records().get(0).upstreamId()).isEqualTo("0031U00000Qn2ZVQAZ");
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
    assertThat(e.isOutcomeUnknown()).as("applied: resend only with the key").isTrue();
    assertThat(e.idempotencyKey()).isPresent();
    assertThat(e.getMessage())
        .contains("WAS applied")
        .contains("Do not send a create again")
        .contains("1 of 1 record was applied")
        .contains(e.idempotencyKey().get())
        .doesNotContain("send only the records that failed");
  }

  @Test
  void notPublished503_async_isSentOnce_andCompletesAsApplied() {
    server.enqueue(notPublished());
    server.enqueue(ok());

    ExecutionException wrapped =
        catchThrowableOfType(
            ExecutionException.class,
            () ->
                client
                    .mutations()
                    .create("s", "c")
                    .record(Map.of("a", 1))
                    .executeAsync()
                    .get(10, TimeUnit.SECONDS));

    assertThat(wrapped.getCause()).isInstanceOf(AppliedButUnavailableException.class);
    AppliedButUnavailableException e = (AppliedButUnavailableException) wrapped.getCause();
    assertThat(e.records()).hasSize(1);
    assertThat(e.isOutcomeUnknown()).isTrue();
    assertThat(e.getMessage()).contains("WAS applied");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(timing.waits()).isEmpty();
  }

  @Test
  void notPublished503_afterAPlainOne_endsTheRetries() throws Exception {
    server.enqueue(error(503, "unavailable", "Server overloaded; retry later"));
    server.enqueue(notPublished());
    server.enqueue(ok());

    AppliedButUnavailableException e =
        catchThrowableOfType(AppliedButUnavailableException.class, this::create);

    assertThat(e.records()).hasSize(1);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(idempotencyKeys()).containsOnly(e.idempotencyKey().get());
  }

  @Test
  void plain503_isStillRetried_afterItsRetryAfter() {
    server.enqueue(
        new MockResponse.Builder(error(503, "unavailable", "Server overloaded; retry later"))
            .setHeader("Retry-After", "1")
            .build());
    server.enqueue(ok());

    create();

    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(timing.waits()).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void plain503_throughAllRetries_isAServerExceptionThatAppliedNothing() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(error(503, "unavailable", "Server is shutting down; retry"));
    }

    ServerException e = catchThrowableOfType(ServerException.class, this::create);

    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(e.isOutcomeUnknown()).isFalse();
  }

  @Test
  void notPublished503_whoseBodyIsCut_isRetriedAsTheStatusSays() {
    // The records are in the body, but the body never arrives whole: nothing in it can be trusted.
    server.enqueue(
        new MockResponse.Builder(notPublished())
            .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    server.enqueue(ok());

    create();

    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(timing.waits()).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void a503WhoseBodyIsOverTheLimit_isRetriedAsTheStatusSays() throws Exception {
    try (HostileServer hostile =
            new HostileServer(
                (i, r, out, socket) -> {
                  if (i == 0) {
                    HostileServer.writeHead(
                        out, "HTTP/1.1 503 Service Unavailable", "Content-Length: 100000000");
                    out.write(NOT_PUBLISHED_BODY.getBytes(StandardCharsets.UTF_8));
                    return false;
                  }
                  HostileServer.writeJson(out, "HTTP/1.1 200 OK", Fixtures.SUCCESS);
                  return true;
                });
        MutationClient other =
            MutationClient.builder()
                .baseUrl(hostile.url())
                .apiToken(Fixtures.TOKEN)
                .timing(timing)
                .build()) {
      other.mutations().create("s", "c").record(Map.of("a", 1)).execute();

      assertThat(hostile.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void of_a503WithRecords_isAppliedButUnavailable_andWithoutIsAServerException() {
    WireCodec codec = WireCodec.standard();
    MutationError applied =
        codec.readError(503, NOT_PUBLISHED_BODY.getBytes(StandardCharsets.UTF_8));
    MutationError refused = MutationError.of(ErrorCode.UNAVAILABLE, "Server overloaded");

    assertThat(MutationServiceException.of(applied, Optional.empty(), Optional.empty()))
        .isExactlyInstanceOf(AppliedButUnavailableException.class);
    assertThat(MutationServiceException.of(refused, Optional.empty(), Optional.empty()))
        .isExactlyInstanceOf(ServerException.class);
  }
}
