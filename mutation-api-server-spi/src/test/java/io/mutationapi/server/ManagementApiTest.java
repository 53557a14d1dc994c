package io.mutationapi.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.internal.WireCodec;
import io.mutationapi.server.http.HandlerRequest;
import io.mutationapi.server.http.HandlerResponse;
import io.mutationapi.server.spi.BatchResult;
import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.Upstream;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Management API of a real MutationServer, through its neutral handler: no sockets. */
class ManagementApiTest {
  static final String ALL = "all-token";
  static final String ONE = "one-token";

  final GatedConsumer gated = new GatedConsumer();
  MutationServer server;

  /** Holds every batch until the test opens the gate. */
  static final class GatedConsumer implements Consumer {
    final CompletableFuture<Void> gate = new CompletableFuture<>();

    @Override
    public CompletionStage<Void> process(List<ChangeEvent> batch) {
      return gate;
    }
  }

  /** Fails every batch with a message that quotes record data. */
  static final class FailingConsumer implements Consumer {
    @Override
    public CompletionStage<Void> process(List<ChangeEvent> batch) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("cannot store " + batch.get(0).record().data()));
    }

    @Override
    public CompletionStage<BatchResult> processBatch(List<ChangeEvent> batch) {
      return process(batch).thenApply(ignored -> BatchResult.allApplied());
    }
  }

  MutationServer.Builder builder() {
    Upstream custom = (batch, context) -> InMemoryUpstream.create().apply(batch, context);
    return MutationServer.builder()
        .sync("s1", InMemoryUpstream.create(), "c1")
        .sync("s2", custom, "c2")
        .rateLimit("s1", RateLimit.of(5, 10))
        .consumer("db", new InMemoryConsumer(), "c1")
        .consumer("gated", gated, "c1")
        .consumer("failing", new FailingConsumer(), "c1")
        .consumer("other", batch -> CompletableFuture.completedFuture(null), "c2")
        .httpConsumer("worker", "c1")
        .bearerTokens(Map.of(ALL, Principal.allSyncs("admin"), ONE, Principal.of("one", "s1")));
  }

  @AfterEach
  void close() {
    gated.gate.complete(null);
    if (server != null) {
      server.close();
    }
  }

  HandlerResponse send(String method, String path, String token, String body) {
    return server
        .httpHandler()
        .handle(
            new HandlerRequest(
                method,
                path,
                body == null
                    ? Map.of("Authorization", List.of("Bearer " + token))
                    : Map.of(
                        "Authorization",
                        List.of("Bearer " + token),
                        "Content-Type",
                        List.of("application/json")),
                new ByteArrayInputStream(
                    body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8))))
        .toCompletableFuture()
        .orTimeout(10, TimeUnit.SECONDS)
        .join();
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> get(String path, String token) {
    HandlerResponse response = send("GET", path, token, null);
    assertThat(response.status())
        .as(new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(200);
    return (Map<String, Object>) WireCodec.standard().readValue(response.body());
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> data(Map<String, Object> list) {
    return (List<Map<String, Object>>) list.get("data");
  }

  @Test
  void consumers_listsEveryKind_inRegistrationOrder_withCollectionsAndHealth() {
    server = builder().build();

    List<Map<String, Object>> consumers = data(get("/v1/consumers", ALL));

    assertThat(consumers)
        .extracting(c -> c.get("id"))
        .containsExactly("db", "gated", "failing", "other", "worker");
    assertThat(consumers)
        .extracting(c -> c.get("kind"))
        .containsExactly("in_memory", "custom", "custom", "custom", "http");
    Map<String, Object> db = consumers.get(0);
    assertThat(db.get("collection_ids")).isEqualTo(List.of("c1"));
    assertThat(db.get("lag").toString()).isEqualTo("0");
    assertThat(db.get("pending_awaits").toString()).isEqualTo("0");
    assertThat(db.get("health").toString())
        .isEqualTo("{status=healthy, consecutive_failures=0, last_error=null, last_error_at=null}");
    assertThat(db).doesNotContainKey("ack_wait_ms");
  }

  @Test
  void httpConsumer_addsItsSettingsAndCounts_andHttpConsumersListsOnlyThose() {
    server = builder().build();

    Map<String, Object> worker = get("/v1/consumers/worker", ALL);
    List<Map<String, Object>> http = data(get("/v1/http-consumers", ALL));

    assertThat(worker.get("ack_wait_ms").toString()).isEqualTo("30000");
    assertThat(worker.get("max_ack_pending").toString()).isEqualTo("1000");
    assertThat(worker.get("max_deliver").toString()).isEqualTo("-1");
    assertThat(worker.get("deliver_policy")).isEqualTo("all");
    assertThat(worker.get("num_pending").toString()).isEqualTo("0");
    assertThat(worker.get("num_ack_pending").toString()).isEqualTo("0");
    assertThat(http).extracting(c -> c.get("id")).containsExactly("worker");
    assertThat(get("/v1/http-consumers/worker", ALL)).isEqualTo(worker);
  }

  @Test
  void httpConsumerItem_ofAnotherKind_is404SayingSo() {
    server = builder().build();

    HandlerResponse response = send("GET", "/v1/http-consumers/db", ALL, null);

    assertThat(response.status()).isEqualTo(404);
    assertThat(new String(response.body(), StandardCharsets.UTF_8))
        .contains("Consumer db is not an HTTP consumer (its kind is in_memory)")
        .contains("\"code\":\"not_found\"");
  }

  @Test
  void aConsumerBehind_showsItsLagAndThePendingAwaitsOnIt() throws Exception {
    server = builder().build();
    CompletableFuture<HandlerResponse> awaiting =
        server
            .httpHandler()
            .handle(
                new HandlerRequest(
                    "POST",
                    "/v1/mutations/run",
                    Map.of(
                        "Authorization",
                        List.of("Bearer " + ALL),
                        "Content-Type",
                        List.of("application/json")),
                    new ByteArrayInputStream(
                        ("{\"kind\":\"create\",\"sync_id\":\"s1\",\"collection_id\":\"c1\","
                                + "\"records\":[{\"data\":{\"a\":1}}],"
                                + "\"await_consumer_ids\":[\"gated\"],"
                                + "\"await_consumers_timeout\":10000}")
                            .getBytes(StandardCharsets.UTF_8))))
            .toCompletableFuture();
    waitFor(() -> get("/v1/consumers/gated", ALL).get("pending_awaits").toString().equals("1"));

    Map<String, Object> behind = get("/v1/consumers/gated", ALL);
    gated.gate.complete(null);

    assertThat(behind.get("lag").toString()).isEqualTo("1");
    assertThat(awaiting.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
    waitFor(() -> get("/v1/consumers/gated", ALL).get("lag").toString().equals("0"));
    assertThat(get("/v1/consumers/gated", ALL).get("pending_awaits").toString()).isEqualTo("0");
  }

  @Test
  void aFailingConsumer_isFailing_withItsErrorClass_neverTheRecordData() throws Exception {
    server = builder().build();
    send(
        "POST",
        "/v1/mutations/run",
        ALL,
        "{\"kind\":\"create\",\"sync_id\":\"s1\",\"collection_id\":\"c1\","
            + "\"records\":[{\"data\":{\"secret\":\"Ada\"}}]}");

    waitFor(() -> get("/v1/consumers/failing", ALL).get("health").toString().contains("failing"));

    @SuppressWarnings("unchecked")
    Map<String, Object> health =
        (Map<String, Object>) get("/v1/consumers/failing", ALL).get("health");
    assertThat(health.get("last_error")).isEqualTo("java.lang.IllegalStateException");
    assertThat(health.get("last_error_at")).isNotNull();
    assertThat(Integer.parseInt(health.get("consecutive_failures").toString())).isPositive();
    assertThat(health.toString()).doesNotContain("Ada");
  }

  @Test
  void syncs_showProviderCollectionsRateLimitAndHealth() {
    server = builder().build();

    List<Map<String, Object>> syncs = data(get("/v1/syncs", ALL));

    assertThat(syncs).extracting(s -> s.get("id")).containsExactly("s1", "s2");
    assertThat(syncs).extracting(s -> s.get("provider")).containsExactly("in_memory", "custom");
    Map<String, Object> s1 = syncs.get(0);
    assertThat(s1.get("collection_ids")).isEqualTo(List.of("c1"));
    assertThat(s1.get("rate_limit").toString())
        .isEqualTo(
            "{allowed_requests=10, interval=2000, max_concurrent_requests=null,"
                + " permits_per_second=5.0, burst=10, max_wait_ms=5000, max_queued=1000}");
    assertThat(s1.get("health").toString())
        .isEqualTo("{status=healthy, sync_id=s1, collections=[]}");
    assertThat(syncs.get(1).get("rate_limit")).isNull();
    assertThat(get("/v1/syncs/s2", ALL)).isEqualTo(syncs.get(1));
  }

  @Test
  void aTokenSeesOnlyItsSyncsAndTheirConsumers_othersAre404AsIfUnknown() {
    server = builder().build();

    assertThat(data(get("/v1/syncs", ONE))).extracting(s -> s.get("id")).containsExactly("s1");
    assertThat(data(get("/v1/consumers", ONE)))
        .extracting(c -> c.get("id"))
        .containsExactly("db", "gated", "failing", "worker");
    HandlerResponse hiddenSync = send("GET", "/v1/syncs/s2", ONE, null);
    HandlerResponse hiddenConsumer = send("GET", "/v1/consumers/other", ONE, null);
    HandlerResponse unknown = send("GET", "/v1/consumers/nope", ONE, null);

    assertThat(hiddenSync.status()).isEqualTo(404);
    assertThat(new String(hiddenSync.body(), StandardCharsets.UTF_8)).contains("Unknown sync s2");
    assertThat(hiddenConsumer.status()).isEqualTo(404);
    assertThat(new String(hiddenConsumer.body(), StandardCharsets.UTF_8))
        .contains("Unknown consumer other");
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  void managementPaths_answerOnlyGet_andNeedAToken() {
    server = builder().build();

    HandlerResponse post = send("POST", "/v1/consumers", ALL, "{}");
    HandlerResponse noToken =
        server
            .httpHandler()
            .handle(
                new HandlerRequest(
                    "GET", "/v1/syncs", Map.of(), new ByteArrayInputStream(new byte[0])))
            .toCompletableFuture()
            .join();

    assertThat(post.status()).isEqualTo(405);
    assertThat(post.header("Allow")).isEqualTo("GET");
    assertThat(noToken.status()).isEqualTo(401);
    assertThat(noToken.header("WWW-Authenticate")).isEqualTo("Bearer");
  }

  @Test
  void consumeEndpoints_areNotFound_forAHiddenConsumer_andForOneOfAnotherKind() {
    server = builder().httpConsumer("worker2", "c2").build();

    HandlerResponse hidden = send("GET", "/v1/http-consumers/worker2/next", ONE, null);
    HandlerResponse visible = send("GET", "/v1/http-consumers/worker2/next", ALL, null);
    HandlerResponse notHttp =
        send("POST", "/v1/http-consumers/db/ack", ALL, "{\"ack_tokens\":[\"x\"]}");

    assertThat(hidden.status()).isEqualTo(404);
    assertThat(new String(hidden.body(), StandardCharsets.UTF_8))
        .contains("\"code\":\"not_found\"");
    assertThat(visible.status()).isEqualTo(200);
    assertThat(notHttp.status()).isEqualTo(404);
    assertThat(new String(notHttp.body(), StandardCharsets.UTF_8)).contains("not an HTTP consumer");
  }

  @Test
  void webhookConsumer_isOfKindWebhook() {
    try (io.mutationapi.server.webhook.WebhookConsumer webhook =
        io.mutationapi.server.webhook.WebhookConsumer.builder()
            .url("http://127.0.0.1:9/hook")
            .secret("webhook-secret-of-32-characters!")
            .build()) {
      server = builder().consumer("hook", webhook, "c2").build();

      assertThat(get("/v1/consumers/hook", ALL).get("kind")).isEqualTo("webhook");
    }
  }

  static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met in 10 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
