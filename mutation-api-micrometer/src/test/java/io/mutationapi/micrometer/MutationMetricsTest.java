package io.mutationapi.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mutationapi.server.InMemoryStream;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.RateLimit;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.PullOutcome;
import io.mutationapi.server.spi.PullRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The meters of a real server on loopback Jetty, moved by real requests. */
class MutationMetricsTest {
  static final String SYNC = "my-sync-id";
  static final String CONTACT = "salesforce:contact";
  static final String TOKEN = "secret-token";
  static final String CREATE =
      "{\"kind\":\"create\",\"sync_id\":\"my-sync-id\",\"collection_id\":\"salesforce:contact\","
          + "\"records\":[{\"data\":{\"LastName\":\"Atreides\"}}]}";
  static final String AWAITING_DB =
      CREATE.replace(
          "}]}", "}],\"await_consumer_ids\":[\"db\"],\"await_consumers_timeout\":20000}");

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  // The names of meters registered with a percentile histogram, as a registry's filters see them.
  final Set<String> histograms = ConcurrentHashMap.newKeySet();

  {
    registry
        .config()
        .meterFilter(
            new MeterFilter() {
              @Override
              public DistributionStatisticConfig configure(
                  Meter.Id id, DistributionStatisticConfig config) {
                if (Boolean.TRUE.equals(config.isPercentileHistogram())) {
                  histograms.add(id.getName());
                }
                return config;
              }
            });
  }

  final MutationMetrics metrics = MutationMetrics.create(registry);
  final HttpClient client = HttpClient.newHttpClient();
  MutationServer server;
  URI endpoint;

  @AfterEach
  void close() {
    if (server != null) {
      server.close();
    }
  }

  void start(UnaryOperator<MutationServer.Builder> configure) {
    server =
        configure
            .apply(
                MutationServer.builder()
                    .sync(SYNC, InMemoryUpstream.create(), CONTACT)
                    .bearerToken(TOKEN, Principal.of("app", SYNC))
                    .observer(metrics))
            .build();
    metrics.bindTo(server);
    endpoint = MutationHttpServer.listenOnLoopback(server, 0).endpoint();
  }

  @Test
  void createThatAwaits_recordsTheRequestTheUpstreamCallTheAwaitAndTheBatch() {
    start(b -> b.consumer("db", FakeConsumer.open(), CONTACT));

    HttpResponse<String> response = send(AWAITING_DB, null);

    assertThat(response.statusCode()).isEqualTo(200);
    Timer requests =
        registry
            .get("mutation.api.requests")
            .tags("endpoint", "/v1/mutations/run", "kind", "create", "status", "200")
            .tag("code", "none")
            .timer();
    assertThat(requests.count()).isEqualTo(1);
    assertThat(requests.totalTime(TimeUnit.NANOSECONDS)).isPositive();
    Timer upstream =
        registry.get("mutation.api.upstream.calls").tags("sync", SYNC, "result", "success").timer();
    assertThat(upstream.count()).isEqualTo(1);
    Timer awaits = registry.get("mutation.api.awaits").tag("result", "completed").timer();
    assertThat(awaits.count()).isEqualTo(1);
    assertThat(histograms).contains("mutation.api.awaits");
    assertThat(registry.get("mutation.api.awaits").tag("result", "timed_out").timer().count())
        .isZero();
    eventually(
        () ->
            registry
                    .get("mutation.api.consumer.batches")
                    .tags("consumer", "db", "result", "success")
                    .timer()
                    .count()
                == 1);
    assertThat(registry.get("mutation.api.consumer.events").tag("consumer", "db").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("mutation.api.awaits.pending").gauge().value()).isZero();
  }

  @Test
  void rateLimitOfTheSync_isCountedAndAnswered429() {
    start(b -> b.rateLimit(SYNC, RateLimit.of(0.001, 1).withMaxWait(Duration.ZERO)));

    assertThat(send(CREATE, null).statusCode()).isEqualTo(200);
    assertThat(send(CREATE, null).statusCode()).isEqualTo(429);

    assertThat(
            registry
                .get("mutation.api.rate.limited")
                .tags("sync", SYNC, "source", "server")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("mutation.api.requests")
                .tags("status", "429", "code", "rate_limited", "kind", "create")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(registry.get("mutation.api.upstream.calls").tag("sync", SYNC).timer().count())
        .isEqualTo(1);
  }

  @Test
  void tooManyPendingAwaits_isCountedAsOverloadAndAnswered503() {
    FakeConsumer db = FakeConsumer.closed();
    start(b -> b.consumer("db", db, CONTACT).maxPendingAwaits(1));
    CompletableFuture<HttpResponse<String>> waiting = sendAsync(AWAITING_DB, null);
    eventually(() -> registry.get("mutation.api.awaits.pending").gauge().value() == 1);

    HttpResponse<String> refused = send(AWAITING_DB, null);
    db.openGate();

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(waiting.join().statusCode()).isEqualTo(200);
    assertThat(
            registry
                .get("mutation.api.overloaded")
                .tag("reason", "pending_awaits")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("mutation.api.overloaded")
                .tag("reason", "in_flight_requests")
                .counter()
                .count())
        .isZero();
    assertThat(
            registry
                .get("mutation.api.requests")
                .tags("status", "503", "code", "unavailable")
                .timer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void tooManyRequestsInFlight_isCountedAsOverload() {
    FakeConsumer db = FakeConsumer.closed();
    start(b -> b.consumer("db", db, CONTACT).maxInFlightRequests(1));
    CompletableFuture<HttpResponse<String>> waiting = sendAsync(AWAITING_DB, null);
    eventually(() -> registry.get("mutation.api.awaits.pending").gauge().value() == 1);

    HttpResponse<String> refused = send(CREATE, null);
    db.openGate();

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(waiting.join().statusCode()).isEqualTo(200);
    assertThat(
            registry
                .get("mutation.api.overloaded")
                .tag("reason", "in_flight_requests")
                .counter()
                .count())
        .isEqualTo(1);
    // Refused before its body was read: no kind is known.
    assertThat(
            registry
                .get("mutation.api.requests")
                .tags("kind", "none", "status", "503", "code", "unavailable")
                .timer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void awaitThatTimesOut_isRecordedAsTimedOut() {
    start(b -> b.consumer("db", FakeConsumer.closed(), CONTACT));

    HttpResponse<String> response =
        send(
            AWAITING_DB.replace(
                "\"await_consumers_timeout\":20000", "\"await_consumers_timeout\":50"),
            null);

    assertThat(response.statusCode()).isEqualTo(500);
    Timer timedOut = registry.get("mutation.api.awaits").tag("result", "timed_out").timer();
    assertThat(timedOut.count()).isEqualTo(1);
    assertThat(timedOut.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(40);
    assertThat(
            registry
                .get("mutation.api.requests")
                .tags("status", "500", "code", "consumers_timeout")
                .timer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void resentIdempotencyKey_isCountedAsAReplay() {
    start(b -> b);

    send(CREATE, "key-1");
    HttpResponse<String> again = send(CREATE, "key-1");

    assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(
            registry
                .get("mutation.api.idempotent.replays")
                .tag("endpoint", "/v1/mutations/run")
                .counter()
                .count())
        .isEqualTo(1);
    // The replay is answered before the body is parsed: its kind is not known.
    assertThat(
            registry
                .get("mutation.api.requests")
                .tags("status", "200", "kind", "none", "code", "none")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("mutation.api.requests")
                .tags("status", "200", "kind", "create", "code", "none")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(registry.get("mutation.api.upstream.calls").timer().count()).isEqualTo(1);
  }

  @Test
  void consumerBehind_showsItsLag_untilItCatchesUp() {
    FakeConsumer slow = FakeConsumer.closed();
    start(b -> b.consumer("slow", slow, CONTACT));

    for (int i = 0; i < 3; i++) {
      assertThat(send(CREATE, null).statusCode()).isEqualTo(200);
    }

    assertThat(registry.get("mutation.api.consumer.lag").tag("consumer", "slow").gauge().value())
        .isEqualTo(3);
    slow.openGate();
    eventually(
        () ->
            registry.get("mutation.api.consumer.lag").tag("consumer", "slow").gauge().value() == 0);
  }

  @Test
  void failingConsumer_recordsFailedBatches_thenSuccess() {
    start(
        b ->
            b.consumer("flaky", FakeConsumer.failingFirst(1), CONTACT).stream(
                InMemoryStream.builder()
                    .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(10))
                    .build()));

    send(CREATE, null);

    eventually(
        () ->
            registry
                    .get("mutation.api.consumer.batches")
                    .tags("consumer", "flaky", "result", "success")
                    .timer()
                    .count()
                == 1);
    assertThat(
            registry
                .get("mutation.api.consumer.batches")
                .tags("consumer", "flaky", "result", "failure")
                .timer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void httpConsumer_showsMessagesPendingThenAwaitingAcks() {
    start(b -> b.httpConsumer("http-worker", CONTACT));

    send(CREATE, null);

    eventually(
        () ->
            registry
                    .get("mutation.api.http.consumer.pending")
                    .tag("consumer", "http-worker")
                    .gauge()
                    .value()
                == 1);
    PullOutcome pulled =
        server
            .consumeService()
            .next("http-worker", PullRequest.DEFAULT, Principal.of("app", SYNC))
            .toCompletableFuture()
            .join();
    assertThat(pulled).isInstanceOf(PullOutcome.Pulled.class);
    assertThat(
            registry
                .get("mutation.api.http.consumer.ack.pending")
                .tag("consumer", "http-worker")
                .gauge()
                .value())
        .isEqualTo(1);
    assertThat(
            registry
                .get("mutation.api.http.consumer.pending")
                .tag("consumer", "http-worker")
                .gauge()
                .value())
        .isZero();
  }

  @Test
  void unknownSync_isTaggedByItsEndpointAndCode_neverByTheIdItNamed() {
    start(b -> b);

    HttpResponse<String> response = send(CREATE.replace(SYNC, "no-such-sync"), null);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(
            registry
                .get("mutation.api.requests")
                .tags("endpoint", "/v1/mutations/run", "status", "404", "code", "not_found")
                .timer()
                .count())
        .isEqualTo(1);
    for (Meter meter : registry.getMeters()) {
      for (Tag tag : meter.getId().getTags()) {
        assertThat(tag.getValue()).doesNotContain("no-such-sync");
      }
    }
  }

  @Test
  void noRoute_isTaggedEndpointNone() {
    start(b -> b);

    HttpResponse<String> response = get("/v1/nothing/here");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(
            registry
                .get("mutation.api.requests")
                .tags("endpoint", "none", "kind", "none", "status", "404")
                .timer()
                .count())
        .isEqualTo(1);
  }

  HttpResponse<String> send(String body, String idempotencyKey) {
    return sendAsync(body, idempotencyKey).join();
  }

  CompletableFuture<HttpResponse<String>> sendAsync(String body, String idempotencyKey) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) {
    try {
      return client.send(
          HttpRequest.newBuilder(endpoint.resolve(path))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + TOKEN)
              .GET()
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static void eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
