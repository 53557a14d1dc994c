package io.mutationapi.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationApiException;
import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.await.Position;
import io.mutationapi.internal.WireCodec;
import io.mutationapi.server.InMemoryStream;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.webhook.WebhookSignature;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookConsumerTest {
  static final String SECRET = "whsec_test";
  static final String SYNC = "my-sync-id";
  static final String CONTACT = "salesforce:contact";

  final MockWebServer webhook = new MockWebServer();
  final List<WebhookConsumer> consumers = new ArrayList<>();
  MutationServer server;

  @BeforeEach
  void start() throws IOException {
    webhook.start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    consumers.forEach(WebhookConsumer::close);
    webhook.close();
  }

  WebhookConsumer.Builder consumer() {
    return WebhookConsumer.builder()
        .url(webhook.url("/hooks/contacts?token=s3cr3t").uri())
        .secret(SECRET)
        .timeout(Duration.ofMillis(500))
        .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(80));
  }

  WebhookConsumer build(WebhookConsumer.Builder builder) {
    WebhookConsumer consumer = builder.build();
    consumers.add(consumer);
    return consumer;
  }

  static List<ChangeEvent> events(int partition, long firstOffset, int n) {
    List<ChangeEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Record record =
          Record.builder()
              .syncId(SYNC)
              .collectionId(CONTACT)
              .upstreamId("003" + i)
              .upstreamUpdatedAt(Instant.parse("2024-11-10T18:39:00.070453Z"))
              .updatedIdx(i + 1)
              .data(Map.of("FirstName", "Paul", "n", i))
              .build();
      events.add(new ChangeEvent(new Position(partition, firstOffset + i), record));
    }
    return events;
  }

  static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).build();
  }

  /** Answers every request with {@code code}, and counts them. */
  static final class Always extends Dispatcher {
    volatile int code;
    final AtomicInteger requests = new AtomicInteger();

    Always(int code) {
      this.code = code;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      requests.incrementAndGet();
      return status(code);
    }
  }

  static void join(CompletableFuture<Void> done) throws Exception {
    done.get(10, TimeUnit.SECONDS);
  }

  // ---- one batch -----------------------------------------------------------------------------

  @Test
  void process_postsSignedRecords_andCompletesOn2xx() throws Exception {
    webhook.enqueue(status(204));
    List<ChangeEvent> batch = events(3, 5, 2);

    join(build(consumer()).process(batch).toCompletableFuture());

    RecordedRequest request = webhook.takeRequest();
    byte[] body = request.getBody().toByteArray();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/hooks/contacts");
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json");
    assertThat(request.getHeaders().get(WebhookConsumer.DELIVERY_HEADER)).isEqualTo("3-5-6");
    assertThat(
            WebhookSignature.of(SECRET)
                .verify(request.getHeaders().get(WebhookSignature.HEADER), body))
        .isTrue();
    assertThat(WireCodec.standard().readResult(body).records())
        .containsExactly(batch.get(0).record(), batch.get(1).record());
  }

  @Test
  void process_retriesOn500WithBackoff_untilAccepted_signingEachAttempt() throws Exception {
    webhook.enqueue(status(500));
    webhook.enqueue(status(503));
    webhook.enqueue(status(200));
    long start = System.nanoTime();

    join(build(consumer()).process(events(0, 0, 1)).toCompletableFuture());

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("waits about 20 ms, then about 40 ms")
        .isGreaterThanOrEqualTo(Duration.ofMillis(16 + 32));
    assertThat(webhook.getRequestCount()).isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      RecordedRequest request = webhook.takeRequest();
      assertThat(
              WebhookSignature.of(SECRET)
                  .verify(
                      request.getHeaders().get(WebhookSignature.HEADER),
                      request.getBody().toByteArray()))
          .isTrue();
      assertThat(request.getHeaders().get(WebhookConsumer.DELIVERY_HEADER)).isEqualTo("0-0-0");
    }
  }

  @Test
  void process_retriesAfterATimeout() throws Exception {
    webhook.enqueue(new MockResponse.Builder().code(200).headersDelay(5, TimeUnit.SECONDS).build());
    webhook.enqueue(status(200));
    long start = System.nanoTime();

    join(
        build(consumer().timeout(Duration.ofMillis(200)))
            .process(events(0, 0, 1))
            .toCompletableFuture());

    assertThat(webhook.getRequestCount()).isEqualTo(2);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("did not wait for the stalled answer")
        .isGreaterThanOrEqualTo(Duration.ofMillis(200))
        .isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void process_givesUpAfterMaxAge_toTheDeadLetterHandler_andCompletes() throws Exception {
    Always always = new Always(500);
    webhook.setDispatcher(always);
    List<List<ChangeEvent>> dead = new CopyOnWriteArrayList<>();
    List<WebhookDeliveryException> failures = new CopyOnWriteArrayList<>();
    List<ChangeEvent> batch = events(1, 7, 3);
    long start = System.nanoTime();

    join(
        build(
                consumer()
                    .maxAge(Duration.ofMillis(300))
                    .deadLetter(
                        (events, failure) -> {
                          dead.add(events);
                          failures.add(failure);
                        }))
            .process(batch)
            .toCompletableFuture());

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
    assertThat(dead).containsExactly(batch);
    WebhookDeliveryException failure = failures.get(0);
    assertThat(failure.statusCode()).hasValue(500);
    assertThat(failure.attempts()).isEqualTo(always.requests.get()).isGreaterThanOrEqualTo(2);
    assertThat(failure.getMessage())
        .startsWith("POST http://")
        .contains("/hooks/contacts answered 500 (delivery 1-7-9, attempt ")
        .doesNotContain("s3cr3t");
  }

  @Test
  void process_givesUpOnAnUnreachableWebhook_namingTheError() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    List<WebhookDeliveryException> failures = new CopyOnWriteArrayList<>();

    join(
        build(
                consumer()
                    .url("http://127.0.0.1:" + closedPort + "/hook")
                    .maxAge(Duration.ofMillis(200))
                    .deadLetter((events, failure) -> failures.add(failure)))
            .process(events(0, 0, 1))
            .toCompletableFuture());

    assertThat(failures.get(0).statusCode()).isEmpty();
    assertThat(failures.get(0)).hasMessageContaining("failed: ConnectException");
  }

  @Test
  void deliveryFailure_isAMutationApiException_asEveryExceptionOfTheLibrary() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    List<RuntimeException> failures = new CopyOnWriteArrayList<>();

    join(
        build(
                consumer()
                    .url("http://127.0.0.1:" + closedPort + "/hook")
                    .maxAge(Duration.ofMillis(200))
                    .deadLetter((events, failure) -> failures.add(failure)))
            .process(events(0, 0, 1))
            .toCompletableFuture());

    assertThat(failures).singleElement().isInstanceOf(MutationApiException.class);
  }

  @Test
  void process_failsWhenTheDeadLetterHandlerFails_soTheStreamKeepsTheBatch() {
    webhook.setDispatcher(new Always(500));
    CompletableFuture<Void> done =
        build(
                consumer()
                    .maxAge(Duration.ofMillis(100))
                    .deadLetter(
                        (events, failure) -> {
                          throw new IllegalStateException("dead-letter queue is down");
                        }))
            .process(events(0, 0, 1))
            .toCompletableFuture();

    assertThatThrownBy(() -> join(done))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .hasMessage("dead-letter queue is down");
  }

  @Test
  void close_stopsRetrying() throws Exception {
    webhook.setDispatcher(new Always(500));
    WebhookConsumer consumer = build(consumer().maxAge(Duration.ofHours(1)));
    CompletableFuture<Void> done = consumer.process(events(0, 0, 1)).toCompletableFuture();
    webhook.takeRequest(5, TimeUnit.SECONDS);

    consumer.close();

    assertThatThrownBy(() -> join(done))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith("is closed");
  }

  @Test
  void process_doesNotFollowRedirects_aMovedWebhookIsAFailure() throws Exception {
    webhook.enqueue(
        new MockResponse.Builder().code(301).addHeader("Location", "/elsewhere").build());
    webhook.enqueue(status(200));

    join(build(consumer()).process(events(0, 0, 1)).toCompletableFuture());

    assertThat(webhook.takeRequest().getUrl().encodedPath()).isEqualTo("/hooks/contacts");
    RecordedRequest retry = webhook.takeRequest();
    assertThat(retry.getMethod()).isEqualTo("POST");
    assertThat(retry.getUrl().encodedPath()).isEqualTo("/hooks/contacts");
  }

  @Test
  void process_sendsConfiguredHeaders() throws Exception {
    webhook.enqueue(status(200));

    join(
        build(consumer().header("Authorization", "Bearer gateway-token"))
            .process(events(0, 0, 1))
            .toCompletableFuture());

    assertThat(webhook.takeRequest().getHeaders().get("Authorization"))
        .isEqualTo("Bearer gateway-token");
  }

  @Test
  void header_refusesHeadersTheConsumerOrTheJdkOwns() {
    assertThatThrownBy(() -> consumer().header("x-mutation-signature", "forged"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the consumer sets X-Mutation-Signature itself");
    assertThatThrownBy(() -> consumer().header("Host", "example.com"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> consumer().header("X-Bad", "line\r\nbreak"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- configuration -------------------------------------------------------------------------

  @Test
  void build_namesWhatIsMissing() {
    assertThatThrownBy(() -> WebhookConsumer.builder().secret(SECRET).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("url is required");
    assertThatThrownBy(() -> WebhookConsumer.builder().url("https://example.com/hook").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("secret is required");
    assertThatThrownBy(() -> WebhookConsumer.builder().url("ftp://example.com/hook"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookConsumer.builder().url("/hook"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toString_showsNoSecretOrToken() {
    assertThat(build(consumer().header("Authorization", "Bearer gateway-token")).toString())
        .doesNotContain(SECRET)
        .doesNotContain("s3cr3t")
        .doesNotContain("gateway-token");
  }

  // ---- behind a server -----------------------------------------------------------------------

  MutationServer server(WebhookConsumer consumer) {
    server =
        MutationServer.builder()
            .sync(SYNC, InMemoryUpstream.create(), CONTACT)
            .consumer("crm-hook", consumer, CONTACT)
            .stream(
                // One partition: the second request lands behind the first one's batch.
                InMemoryStream.builder()
                    .partitions(1)
                    .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
                    .build())
            .insecureNoAuthentication()
            .build();
    return server;
  }

  MutationOutcome create(String first, Duration awaitTimeout) {
    return server
        .service()
        .run(
            MutationRequest.create(SYNC, CONTACT)
                .record(Map.of("FirstName", first))
                .awaitConsumers(List.of("crm-hook"), awaitTimeout)
                .build(),
            Principal.ANONYMOUS)
        .toCompletableFuture()
        .orTimeout(20, TimeUnit.SECONDS)
        .join();
  }

  @Test
  void await_returnsOnceTheWebhookAccepted() throws Exception {
    Always always = new Always(200);
    webhook.setDispatcher(always);
    server(build(consumer()));

    MutationOutcome outcome = create("Paul", Duration.ofSeconds(10));

    assertThat(outcome).isInstanceOf(MutationOutcome.Success.class);
    Record created = ((MutationOutcome.Success) outcome).result().records().get(0);
    RecordedRequest request = webhook.takeRequest(1, TimeUnit.SECONDS);
    assertThat(WireCodec.standard().readResult(request.getBody().toByteArray()).records())
        .containsExactly(created);
  }

  @Test
  void await_timesOutWhileTheWebhookFails_andTheStreamMovesOnAfterMaxAge() throws Exception {
    Always always = new Always(500);
    webhook.setDispatcher(always);
    CountDownLatch deadLettered = new CountDownLatch(1);
    server(
        build(
            consumer()
                .maxAge(Duration.ofMillis(1500))
                .deadLetter((events, failure) -> deadLettered.countDown())));

    MutationOutcome failed = create("Paul", Duration.ofMillis(200));

    assertThat(failed).isInstanceOf(MutationOutcome.Failure.class);
    MutationError error = ((MutationOutcome.Failure) failed).error();
    assertThat(error.code()).contains(ErrorCode.CONSUMERS_TIMEOUT);
    assertThat(error.pendingConsumerIds()).containsExactly("crm-hook");

    assertThat(deadLettered.await(10, TimeUnit.SECONDS)).isTrue();
    always.code = 200;
    assertThat(create("Alia", Duration.ofSeconds(10))).isInstanceOf(MutationOutcome.Success.class);
  }

  @Test
  void await_longerThanMaxAge_answersRecordNotApplied_whenTheBatchIsDeadLettered() {
    webhook.setDispatcher(new Always(500));
    server(build(consumer().maxAge(Duration.ofMillis(300)).deadLetter((events, failure) -> {})));

    MutationOutcome failed = create("Paul", Duration.ofSeconds(10));

    assertThat(failed).isInstanceOf(MutationOutcome.Failure.class);
    MutationError error = ((MutationOutcome.Failure) failed).error();
    assertThat(error.code()).contains(ErrorCode.RECORD_NOT_APPLIED);
    assertThat(error.message()).contains("crm-hook", "dead-lettered", "answered 500");
  }
}
