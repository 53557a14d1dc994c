package io.mutationapi.client;

import static io.mutationapi.client.Fixtures.RECORD_JSON;
import static io.mutationapi.client.Fixtures.TOKEN;
import static io.mutationapi.client.Fixtures.clientFor;
import static io.mutationapi.client.Fixtures.error;
import static io.mutationapi.client.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Consume API on the wire: next, ack and nack, their retries and their errors. */
class PullConsumerTest {
  static final String BATCH =
      "{\"data\":[{\"ack_token\":\"t-1\",\"record\":"
          + RECORD_JSON
          + ",\"delivery_count\":1},{\"ack_token\":\"t-2\",\"record\":"
          + RECORD_JSON
          + ",\"delivery_count\":3,\"future_field\":true}],"
          + "\"info\":{\"num_pending\":12,\"num_ack_pending\":5},\"next_field\":{}}";

  @StartStop private final MockWebServer server = new MockWebServer();
  private final FakeTiming timing = new FakeTiming();
  private MutationClient client;
  private PullConsumer worker;

  @BeforeEach
  void setUp() {
    client = clientFor(server).timing(timing).build();
    worker = client.consumers("http-worker");
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  @Test
  void next_postsBatchSizeAndWaitForWithTheToken_andReadsTheBatch() throws Exception {
    server.enqueue(json(200, BATCH));

    MessageBatch batch = worker.next(10, Duration.ofSeconds(2));

    assertThat(batch.messages()).hasSize(2);
    ConsumerMessage first = batch.messages().get(0);
    assertThat(first.ackToken()).isEqualTo("t-1");
    assertThat(first.deliveryCount()).isEqualTo(1);
    assertThat(first.record().upstreamId()).isEqualTo("0031U00000Qn2ZVQAZ");
    assertThat(first.record().data()).containsEntry("FirstName", "Paul");
    assertThat(batch.messages().get(1).deliveryCount()).isEqualTo(3);
    assertThat(batch.numPending()).isEqualTo(12);
    assertThat(batch.numAckPending()).isEqualTo(5);
    assertThat(batch.ackTokens()).containsExactly("t-1", "t-2");

    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/http-consumers/http-worker/next");
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(r.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(r.getHeaders().get("Idempotency-Key")).isNull();
    assertThat(r.getBody().utf8()).isEqualTo("{\"batch_size\":10,\"wait_for\":2000}");
  }

  @Test
  void next_emptyDataAndNoDeliveryCount_isAnEmptyBatchOrCountZero() {
    server.enqueue(json(200, "{\"data\":[],\"info\":{\"num_pending\":0,\"num_ack_pending\":0}}"));
    server.enqueue(json(200, "{\"data\":[{\"ack_token\":\"t\",\"record\":" + RECORD_JSON + "}]}"));

    assertThat(worker.next(1, Duration.ZERO).isEmpty()).isTrue();
    MessageBatch hosted = worker.next(1, Duration.ZERO);
    assertThat(hosted.messages().get(0).deliveryCount()).isZero();
    assertThat(hosted.numPending()).isZero();
  }

  @Test
  void consumerId_isOnePathSegment() throws Exception {
    server.enqueue(json(200, "{\"data\":[]}"));

    client.consumers("a/b c").next(1, Duration.ZERO);

    assertThat(server.takeRequest().getUrl().encodedPath())
        .isEqualTo("/v1/http-consumers/a%2Fb%20c/next");
  }

  @Test
  void next_badArguments_failBeforeSending() {
    assertThatThrownBy(() -> worker.next(0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batchSize must be 1 to 1000");
    assertThatThrownBy(() -> worker.next(1001, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> worker.next(1, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("waitFor");
    assertThatThrownBy(() -> client.consumers("")).isInstanceOf(IllegalArgumentException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void next_aLongPollLongerThanTheClientsTimeouts_isNotCut() {
    try (MutationClient strict =
        clientFor(server)
            .readTimeout(Duration.ofMillis(200))
            .timeout(Duration.ofMillis(300))
            .maxRetries(0)
            .build()) {
      // The server holds the poll 700 ms: past both the read timeout and the total deadline, within
      // either plus the 800 ms wait.
      server.enqueue(
          new MockResponse.Builder(json(200, BATCH))
              .headersDelay(700, TimeUnit.MILLISECONDS)
              .build());

      MessageBatch batch = strict.consumers("http-worker").next(5, Duration.ofMillis(800));

      assertThat(batch.messages()).hasSize(2);
    }
  }

  @Test
  void next_answerLostAfterTheRequestReachedTheServer_isNotSentAgain() {
    server.enqueue(
        new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(json(200, BATCH));

    MutationIoException e =
        catchThrowableOfType(MutationIoException.class, () -> worker.next(5, Duration.ZERO));

    assertThat(e.isOutcomeUnknown()).isTrue();
    assertThat(e.getMessage())
        .contains("POST /v1/http-consumers/http-worker/next")
        .contains("ack wait");
    assertThat(e.idempotencyKey()).isNull();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {429, 503})
  void next_refusedBeforeHandingOut_isRetried(int status) {
    server.enqueue(error(status, null, "busy"));
    server.enqueue(json(200, BATCH));

    assertThat(worker.next(5, Duration.ZERO).messages()).hasSize(2);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {408, 502, 504})
  void next_gatewayAnswers_areNotRetried_becauseAnAnswerMayHaveBeenLost(int status) {
    server.enqueue(error(status, null, "gateway"));
    server.enqueue(json(200, BATCH));

    assertThatThrownBy(() -> worker.next(5, Duration.ZERO))
        .isInstanceOf(MutationServiceException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void next_refusedConnection_isRetriedAndSaysNothingWasHandedOut() throws Exception {
    java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
    int port = s.getLocalPort();
    s.close();
    try (MutationClient closedPort =
        MutationClient.builder()
            .baseUrl("http://127.0.0.1:" + port)
            .apiToken(TOKEN)
            .timing(timing)
            .build()) {
      MutationIoException e =
          catchThrowableOfType(
              MutationIoException.class, () -> closedPort.consumers("w").next(1, Duration.ZERO));
      assertThat(e.isOutcomeUnknown()).isFalse();
      assertThat(e.getMessage()).contains("after 3 attempts").contains("no attempt reached");
    }
  }

  @Test
  void errors_mapToTheClientsExceptions() {
    server.enqueue(error(400, "validation_error", "batch_size: must be 1..1000"));
    server.enqueue(error(401, "unauthorized", "bad token"));
    server.enqueue(error(404, "not_found", "no HTTP consumer http-worker"));
    for (int i = 0; i < 3; i++) {
      server.enqueue(error(503, "unavailable", "shutting down"));
    }

    BadRequestException bad =
        catchThrowableOfType(BadRequestException.class, () -> worker.next(1, Duration.ZERO));
    assertThat(bad.getMessage()).contains("batch_size");
    assertThat(bad.isOutcomeUnknown()).isFalse();
    assertThatThrownBy(() -> worker.next(1, Duration.ZERO))
        .isInstanceOf(UnauthorizedException.class);
    assertThatThrownBy(() -> worker.ack("t-1"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no HTTP consumer");
    ServerException unavailable =
        catchThrowableOfType(ServerException.class, () -> worker.next(1, Duration.ZERO));
    assertThat(unavailable.status()).isEqualTo(503);
    assertThat(unavailable.idempotencyKey()).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(6);
  }

  @Test
  void ack_postsTheTokens_and204MeansEveryTokenWasHandled() throws Exception {
    server.enqueue(new MockResponse.Builder().code(204).build());

    AckResult result = worker.ack("t-1", "t-2");

    assertThat(result.isComplete()).isTrue();
    assertThat(result.handled()).isEqualTo(2);
    RecordedRequest r = server.takeRequest();
    assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/http-consumers/http-worker/ack");
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(r.getBody().utf8()).isEqualTo("{\"ack_tokens\":[\"t-1\",\"t-2\"]}");
  }

  @Test
  void ack_ofABatchOrMessages_sendsTheirTokens_andNackGoesToNack() throws Exception {
    server.enqueue(json(200, BATCH));
    server.enqueue(new MockResponse.Builder().code(204).build());
    server.enqueue(new MockResponse.Builder().code(204).build());

    MessageBatch batch = worker.next(2, Duration.ZERO);
    worker.ack(batch);
    worker.nack(batch.messages().get(1));

    server.takeRequest();
    assertThat(server.takeRequest().getBody().utf8()).contains("[\"t-1\",\"t-2\"]");
    RecordedRequest nack = server.takeRequest();
    assertThat(nack.getUrl().encodedPath()).isEqualTo("/v1/http-consumers/http-worker/nack");
    assertThat(nack.getBody().utf8()).isEqualTo("{\"ack_tokens\":[\"t-2\"]}");
  }

  @Test
  void ack_withRejectedTokens_saysWhichAndWhy_andThatTheOthersWereAcked() {
    server.enqueue(
        json(
            400,
            "{\"error\":\"Error: ack_tokens[1]: unknown ack token (1 of 3 tokens were acked; 2"
                + " were not: see failures)\",\"code\":\"validation_error\",\"docs\":[],"
                + "\"acked\":1,\"failures\":[{\"index\":1,\"error\":\"unknown ack token\"},"
                + "{\"index\":2,\"error\":\"ack token expired\"}]}"));

    AckResult result = worker.ack(List.of("ok", "forged", "late"));

    assertThat(result.isComplete()).isFalse();
    assertThat(result.handled()).isEqualTo(1);
    assertThat(result.rejections())
        .extracting(
            AckResult.Rejection::index, AckResult.Rejection::ackToken, AckResult.Rejection::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "forged", AckResult.Reason.UNKNOWN),
            org.assertj.core.groups.Tuple.tuple(2, "late", AckResult.Reason.EXPIRED));
    assertThat(result.toString()).doesNotContain("forged").doesNotContain("late");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void ack_400WithoutFailures_isABadRequest() {
    server.enqueue(error(400, "validation_error", "ack_tokens: must not be empty"));

    assertThatThrownBy(() -> worker.ack("t")).isInstanceOf(BadRequestException.class);
  }

  @Test
  void ack_answerLost_isSentAgain_becauseAckIsIdempotent() throws Exception {
    server.enqueue(
        new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(error(502, null, "bad gateway"));
    server.enqueue(new MockResponse.Builder().code(204).build());

    assertThat(worker.ack("t-1").isComplete()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void ack_noTokens_sendsNothing_andTooMany_failsBeforeSending() {
    assertThat(worker.ack(List.of()).handled()).isZero();
    assertThatThrownBy(() -> worker.ack(Collections.nCopies(1001, "t")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 1000");
    assertThatThrownBy(() -> worker.nack("t", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ackTokens[1]");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void asyncVariants_completeWithTheSameValues() throws Exception {
    try (MutationClient real = clientFor(server).build()) {
      PullConsumer w = real.consumers("http-worker");
      server.enqueue(json(200, BATCH));
      server.enqueue(
          json(
              400,
              "{\"error\":\"Error: x\",\"failures\":[{\"index\":0,\"error\":\"ack token expired\"}]}"));

      MessageBatch batch = w.nextAsync(2, Duration.ofMillis(10)).get(5, TimeUnit.SECONDS);
      AckResult result = w.ackAsync(batch).get(5, TimeUnit.SECONDS);
      server.enqueue(new MockResponse.Builder().code(204).build());
      AckResult nacked = w.nackAsync(batch.messages().get(1)).get(5, TimeUnit.SECONDS);

      assertThat(batch.messages()).hasSize(2);
      assertThat(result.handled()).isEqualTo(1);
      assertThat(result.rejections().get(0).reason()).isEqualTo(AckResult.Reason.EXPIRED);
      assertThat(nacked.handled()).isEqualTo(1);
      server.takeRequest();
      server.takeRequest();
      RecordedRequest nack = server.takeRequest();
      assertThat(nack.getUrl().encodedPath()).endsWith("/nack");
      assertThat(nack.getBody().utf8()).isEqualTo("{\"ack_tokens\":[\"t-2\"]}");
    }
  }

  @Test
  void cancellingALongPoll_cancelsTheHttpCall() throws Exception {
    try (MutationClient real = clientFor(server).build()) {
      server.enqueue(
          new MockResponse.Builder(json(200, BATCH)).headersDelay(10, TimeUnit.SECONDS).build());
      java.util.concurrent.CompletableFuture<MessageBatch> poll =
          real.consumers("http-worker").nextAsync(1, Duration.ofSeconds(20));
      server.takeRequest(5, TimeUnit.SECONDS);

      poll.cancel(true);

      assertThat(poll).isCancelled();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (real.http().dispatcher().runningCallsCount() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(real.http().dispatcher().runningCallsCount()).isZero();
    }
  }

  @Test
  void aBodyThatIsNotABatch_isAnIoFailureThatSaysMessagesMayBeInvisible() {
    server.enqueue(json(200, "{\"data\":[{\"ack_token\":\"\",\"record\":{}}]}"));

    MutationIoException e =
        catchThrowableOfType(MutationIoException.class, () -> worker.next(1, Duration.ZERO));
    assertThat(e.isOutcomeUnknown()).isTrue();
    assertThat(e.getMessage())
        .contains("data[0].ack_token")
        .contains("it was not sent again; messages may have been handed out")
        .contains("ack wait");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
