package io.mutationapi.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.server.InMemoryConsumer;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.testing.PausableConsumer;
import jakarta.servlet.ServletContainerInitializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The servlet's contract in a real container on loopback, with a small request pool: every
 * endpoint, the error envelope, slow and vanishing clients, many awaits at once, and closing. Each
 * container runs it through a subclass.
 */
abstract class ServletContractTest {
  static final String TOKEN = "servlet-token";
  static final int CONTAINER_THREADS = 8;
  static final Duration BODY_READ_TIMEOUT = Duration.ofSeconds(3);

  final PausableConsumer db = PausableConsumer.wrap(new InMemoryConsumer());
  final ExecutorService clientThreads = Executors.newFixedThreadPool(2);
  final HttpClient client = HttpClient.newBuilder().executor(clientThreads).build();
  final List<ServletContainer> containers = new ArrayList<>();
  MutationServer server;
  MutationServlet servlet;
  ServletContainer container;

  /** Starts this test's container. */
  abstract ServletContainer.Factory containers();

  @BeforeEach
  void start() throws Exception {
    server =
        MutationServer.builder()
            .sync("s", InMemoryUpstream.create(), "c")
            .consumer("db", db, "c")
            .httpConsumer("worker", "c")
            .bearerToken(TOKEN, Principal.of("app", "s"))
            .maxBodyBytes(100_000)
            .bodyReadTimeout(BODY_READ_TIMEOUT)
            .gracePeriod(Duration.ofMillis(300))
            .build();
    servlet = MutationServlet.of(server);
    container = startContainer(servlet, "", "/*");
  }

  ServletContainer startContainer(MutationServlet s, String contextPath, String mapping)
      throws Exception {
    return startContainer((classes, context) -> s.register(context, mapping), contextPath);
  }

  ServletContainer startContainer(ServletContainerInitializer initializer, String contextPath)
      throws Exception {
    ServletContainer started = containers().start(initializer, contextPath, CONTAINER_THREADS);
    containers.add(started);
    return started;
  }

  @AfterEach
  void stop() throws Exception {
    db.resume();
    server.close();
    for (ServletContainer c : containers) {
      c.close();
    }
    clientThreads.shutdownNow();
  }

  // --- helpers ---

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + container.port() + pathAndQuery);
  }

  HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(uri(pathAndQuery))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + TOKEN);
  }

  HttpRequest post(String path, String json) {
    return request(path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  HttpResponse<String> send(HttpRequest request) throws Exception {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static String create(String name, String await) {
    return "{\"kind\":\"create\",\"sync_id\":\"s\",\"collection_id\":\"c\","
        + "\"records\":[{\"data\":{\"Name\":\""
        + name
        + "\"}}]"
        + await
        + "}";
  }

  static String awaitDb(long millis) {
    return ",\"await_consumer_ids\":[\"db\"],\"await_consumers_timeout\":" + millis;
  }

  static String field(String body, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(body);
    assertThat(m.find()).as("%s in %s", name, body).isTrue();
    return m.group(1);
  }

  static void eventually(BooleanSupplier condition, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(condition.getAsBoolean()).as("condition within %s", within).isTrue();
  }

  long threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix))
        .count();
  }

  static void assertEnvelope(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
    assertThat(response.body()).startsWith("{\"error\":\"Error: ");
  }

  // --- the contract ---

  @Test
  void createUpdateDelete_withAwaits_areAnswered200OnceTheConsumerApplied() throws Exception {
    HttpResponse<String> created = send(post("/v1/mutations/run", create("Ada", awaitDb(10_000))));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    String id = field(created.body(), "upstream_id");

    HttpResponse<String> updated =
        send(
            post(
                "/v1/mutations/run",
                "{\"kind\":\"update\",\"sync_id\":\"s\",\"collection_id\":\"c\",\"records\":[{"
                    + "\"upstream_id\":\""
                    + id
                    + "\",\"data\":{\"Name\":\"Grace\"}}]"
                    + awaitDb(10_000)
                    + "}"));
    HttpResponse<String> deleted =
        send(
            post(
                "/v1/mutations/run",
                "{\"kind\":\"delete\",\"sync_id\":\"s\",\"collection_id\":\"c\",\"upstream_ids\":[\""
                    + id
                    + "\"]"
                    + awaitDb(10_000)
                    + "}"));

    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    assertThat(updated.body()).contains("\"Name\":\"Grace\"");
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
    assertThat(deleted.body()).contains("\"deleted\":true");
    assertThat(server.pendingAwaits()).isZero();
  }

  @Test
  void requestId_isEchoed_andTheQueryStringReachesTheHandler() throws Exception {
    HttpResponse<String> answer =
        send(
            request("/v1/http-consumers/worker/next?batch=2")
                .header("X-Request-Id", "req-42")
                .GET()
                .build());

    assertEnvelope(answer, 400);
    assertThat(answer.body()).contains("unknown query parameter 'batch'");
    assertThat(answer.headers().firstValue("X-Request-Id")).hasValue("req-42");
  }

  @Test
  void aLongPoll_isAnsweredWhenARecordIsPublished_holdingNoContainerThread() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
    for (int i = 0; i < CONTAINER_THREADS * 2; i++) {
      polls.add(
          client.sendAsync(
              request("/v1/http-consumers/worker/next?wait_for=30000").GET().build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    Thread.sleep(300);
    assertThat(polls).noneMatch(CompletableFuture::isDone);

    // More long polls than container threads wait, and a request still gets a thread.
    assertThat(send(post("/v1/mutations/run", create("Ada", ""))).statusCode()).isEqualTo(200);
    CompletableFuture.anyOf(polls.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    HttpResponse<String> first =
        polls.stream().filter(CompletableFuture::isDone).findFirst().orElseThrow().join();

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).contains("\"Name\":\"Ada\"", "\"ack_token\":");
    String ackToken = field(first.body(), "ack_token");
    HttpResponse<String> ack =
        send(post("/v1/http-consumers/worker/ack", "{\"ack_tokens\":[\"" + ackToken + "\"]}"));
    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(204);
  }

  @Test
  void aTokenWait_isAnsweredOnceTheConsumerCatchesUp() throws Exception {
    db.pause();
    HttpResponse<String> created = send(post("/v1/mutations/run", create("Ada", "")));
    String token = field(created.body(), "consistency_token");

    CompletableFuture<HttpResponse<String>> wait =
        client.sendAsync(
            post(
                "/v1/consumers/db/wait",
                "{\"consistency_token\":\"" + token + "\",\"timeout\":20000}"),
            HttpResponse.BodyHandlers.ofString());
    eventually(() -> server.pendingAwaits() == 1, Duration.ofSeconds(10));
    assertThat(wait).isNotDone();
    db.resume();

    assertThat(wait.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  @Test
  void refusals_401_404_405_413_415_areInTheErrorEnvelope() throws Exception {
    HttpResponse<String> unauthorized =
        send(
            HttpRequest.newBuilder(uri("/v1/mutations/run"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(create("Ada", "")))
                .build());
    HttpResponse<String> notFound = send(request("/v1/nothing-here").GET().build());
    HttpResponse<String> notAllowed = send(request("/v1/mutations/run").GET().build());
    HttpResponse<String> tooLarge =
        send(post("/v1/mutations/run", create("x".repeat(150_000), "")));
    HttpResponse<String> wrongType =
        send(
            request("/v1/mutations/run")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(create("Ada", "")))
                .build());

    assertEnvelope(unauthorized, 401);
    assertThat(unauthorized.headers().firstValue("WWW-Authenticate")).isPresent();
    assertEnvelope(notFound, 404);
    assertEnvelope(notAllowed, 405);
    assertThat(notAllowed.headers().firstValue("Allow")).hasValue("POST");
    assertEnvelope(tooLarge, 413);
    assertEnvelope(wrongType, 415);
  }

  @Test
  void stalledBodies_holdNoContainerThread_andAreAnsweredAfterTheBodyReadTimeout()
      throws Exception {
    String head =
        "POST /v1/mutations/run HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + TOKEN
            + "\r\nContent-Type: application/json\r\n";
    List<RawSocket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < CONTAINER_THREADS + 4; i++) {
        stalled.add(
            new RawSocket(container.port(), 15_000)
                .send(head + "Content-Length: 100\r\n\r\n{\"kind\":"));
      }
      // A large body that stalls after its first 64 KiB: the handler is reading it.
      RawSocket large =
          new RawSocket(container.port(), 15_000)
              .send(
                  head
                      + "Content-Length: 90000\r\n\r\n"
                      + "{\"kind\":\"create\","
                      + " ".repeat(70_000));
      stalled.add(large);
      long start = System.nanoTime();

      HttpResponse<String> other = send(post("/v1/mutations/run", create("Ada", "")));
      assertThat(other.statusCode()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BODY_READ_TIMEOUT);

      for (RawSocket small : stalled.subList(0, stalled.size() - 1)) {
        RawSocket.Response tooSlow = small.read();
        assertThat(tooSlow.status()).isEqualTo(408);
        assertThat(tooSlow.body()).startsWith("{\"error\":\"Error: Request body not received");
        assertThat(tooSlow.headers()).containsEntry("connection", "close");
        assertThat(small.closedByServer()).isTrue();
      }
      RawSocket.Response largeAnswer = large.read();
      assertThat(largeAnswer.status()).isEqualTo(400);
      assertThat(largeAnswer.body()).contains("Could not read the request body");
      assertThat(largeAnswer.headers()).containsEntry("connection", "close");
      eventually(() -> servlet.requestsInFlight() == 0, Duration.ofSeconds(10));
    } finally {
      for (RawSocket s : stalled) {
        s.close();
      }
    }
  }

  @Test
  void aClientThatLeavesMidAwait_freesItsRequest_andTheServerGoesOn() throws Exception {
    db.pause();
    try (RawSocket leaving = new RawSocket(container.port(), 10_000)) {
      String body = create("Ada", awaitDb(1_000));
      leaving.send(
          "POST /v1/mutations/run HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
              + TOKEN
              + "\r\nContent-Type: application/json\r\nContent-Length: "
              + body.length()
              + "\r\n\r\n"
              + body);
      eventually(() -> server.pendingAwaits() == 1, Duration.ofSeconds(10));
    }
    eventually(
        () -> servlet.requestsInFlight() == 0 && server.pendingAwaits() == 0,
        Duration.ofSeconds(10));
    db.resume();

    assertThat(send(post("/v1/mutations/run", create("Bo", awaitDb(10_000)))).statusCode())
        .isEqualTo(200);
  }

  @Test
  void twoThousandConcurrentAwaits_withEightContainerThreads_areAllAnswered200() throws Exception {
    int awaits = 2_000;
    db.pause();
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < awaits; i++) {
      answers.add(
          client.sendAsync(
              post("/v1/mutations/run", create("N" + i, awaitDb(120_000))),
              HttpResponse.BodyHandlers.ofString()));
    }
    eventually(() -> server.pendingAwaits() == awaits, Duration.ofSeconds(90));

    assertThat(threadsNamed(container.threadPrefix()))
        .as("container threads while %d requests wait", awaits)
        .isLessThanOrEqualTo(CONTAINER_THREADS + 2);
    long threads =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> !t.getName().startsWith("HttpClient-"))
            .count();
    assertThat(threads).as("live threads while %d requests wait", awaits).isLessThan(80);
    assertThat(answers).noneMatch(CompletableFuture::isDone);

    db.resume();
    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
    Map<Integer, Long> statuses =
        answers.stream()
            .map(CompletableFuture::join)
            .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
    assertThat(statuses).isEqualTo(Map.of(200, (long) awaits));
  }

  @Test
  void mappedAtV1UnderAContextPath_servesEveryKindOfEndpoint() throws Exception {
    MutationServlet second = MutationServlet.of(server);
    container = startContainer(second, "/api", "/v1/*");
    Function<String, String> api = path -> "/api" + path;

    HttpResponse<String> created =
        send(post(api.apply("/v1/mutations/run"), create("Ada", awaitDb(10_000))));
    HttpResponse<String> consumers = send(request(api.apply("/v1/consumers")).GET().build());
    HttpResponse<String> sync = send(request(api.apply("/v1/syncs/s")).GET().build());
    HttpResponse<String> pulled =
        send(request(api.apply("/v1/http-consumers/worker/next?wait_for=5000")).GET().build());
    HttpResponse<String> unknown = send(request(api.apply("/v1/unknown")).GET().build());

    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    assertThat(consumers.statusCode()).isEqualTo(200);
    assertThat(consumers.body()).contains("\"db\"", "\"worker\"");
    assertThat(sync.statusCode()).isEqualTo(200);
    assertThat(pulled.statusCode()).isEqualTo(200);
    assertThat(pulled.body()).contains("\"Name\":\"Ada\"");
    assertEnvelope(unknown, 404);
  }

  @Test
  void closingTheServer_answers503ToRequestsInFlightAndNewOnes_whileTheContainerRuns()
      throws Exception {
    db.pause();
    CompletableFuture<HttpResponse<String>> inFlight =
        client.sendAsync(
            post("/v1/mutations/run", create("Ada", awaitDb(60_000))),
            HttpResponse.BodyHandlers.ofString());
    eventually(() -> server.pendingAwaits() == 1, Duration.ofSeconds(10));

    server.close();

    HttpResponse<String> cut = inFlight.get(10, TimeUnit.SECONDS);
    assertEnvelope(cut, 503);
    assertThat(cut.headers().firstValue("Retry-After")).hasValue("1");
    HttpResponse<String> refused = send(post("/v1/mutations/run", create("Bo", "")));
    assertEnvelope(refused, 503);
    assertThat(servlet.toString()).contains("closed");
  }

  @Test
  void aBodyLargerThanWhatIsReadAhead_isReadWhole_andAnswered200() throws Exception {
    String name = "x".repeat(90_000);

    HttpResponse<String> created = send(post("/v1/mutations/run", create(name, awaitDb(10_000))));

    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    assertThat(created.body()).contains(name);
  }

  @Test
  void aRegistrationWithoutAsyncSupport_isAnswered500InTheEnvelope() throws Exception {
    MutationServlet plain = MutationServlet.of(server);
    container =
        startContainer(
            (classes, context) -> context.addServlet("plain", plain).addMapping("/*"), "");

    HttpResponse<String> answer = send(post("/v1/mutations/run", create("Ada", "")));

    assertEnvelope(answer, 500);
    assertThat(plain.requestsInFlight()).isZero();
  }

  @Test
  void anAnswerLargerThanTheDirectWrite_givenWithinService_isWrittenWhole() throws Exception {
    MutationServer.Builder builder =
        MutationServer.builder()
            .sync("s", InMemoryUpstream.create(), "c")
            .bearerToken(TOKEN, Principal.of("app", "s"));
    for (int i = 0; i < 60; i++) {
      builder.consumer("consumer-" + i, new InMemoryConsumer(), "c");
    }
    try (MutationServer many = builder.build()) {
      container = startContainer(MutationServlet.of(many), "", "/*");

      // A GET has no body: the handler runs in service and answers at once.
      HttpResponse<String> consumers = send(request("/v1/consumers").GET().build());

      assertThat(consumers.statusCode()).as(consumers.body()).isEqualTo(200);
      assertThat(consumers.body().length()).isGreaterThan(ServletExchange.MAX_DIRECT_WRITE_BYTES);
      assertThat(consumers.body()).contains("\"consumer-0\"", "\"consumer-59\"");
    }
  }
}
