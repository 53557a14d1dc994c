package io.mutationapi.server.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.internal.WireCodec;
import io.mutationapi.server.InMemoryConsumer;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.Upstream;
import io.mutationapi.testing.PausableConsumer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MutationHttpServerTest {
  static final String SYNC = "my-sync-id";
  static final String CONTACT = "salesforce:contact";
  static final String TOKEN = "load-token";
  static final String AWAITING_CREATE =
      "{\"kind\":\"create\",\"sync_id\":\"my-sync-id\",\"collection_id\":\"salesforce:contact\","
          + "\"records\":[{\"data\":{\"LastName\":\"Atreides\"}}],"
          + "\"await_consumer_ids\":[\"db\"],\"await_consumers_timeout\":180000}";

  final InMemoryConsumer db = new InMemoryConsumer();
  final PausableConsumer consumer = PausableConsumer.wrap(db);
  final InMemoryUpstream inner = InMemoryUpstream.create();
  final AtomicInteger applied = new AtomicInteger();
  final CompletableFuture<Void> firstApplied = new CompletableFuture<>();
  CompletableFuture<Void> allApplied = new CompletableFuture<>();
  int expected = 1;
  MutationServer server;
  MutationHttpServer http;

  /** The in-memory upstream, telling the test when the requests it expects have been applied. */
  final Upstream counting =
      (batch, context) ->
          inner
              .apply(batch, context)
              .thenApply(
                  records -> {
                    int n = applied.addAndGet(records.size());
                    firstApplied.complete(null);
                    if (n >= expected) {
                      allApplied.complete(null);
                    }
                    return records;
                  });

  MutationServer.Builder builder() {
    return MutationServer.builder()
        .sync(SYNC, counting, CONTACT)
        .consumer("db", consumer, CONTACT)
        .bearerToken(TOKEN, Principal.of("load", SYNC));
  }

  @AfterEach
  void close() {
    consumer.resume();
    if (http != null) {
      http.close();
    }
    if (server != null) {
      server.close();
    }
  }

  MutationHttpServer.Builder http(MutationServer server) {
    return MutationHttpServer.builder(server)
        .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  static HttpRequest post(URI endpoint, String body) {
    return HttpRequest.newBuilder(endpoint)
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  @Test
  void portZero_picksAFreePort_andTheEndpointNamesIt() {
    server = builder().build();
    http = http(server).start();

    assertThat(http.port()).isPositive();
    assertThat(http.endpoint().toString())
        .isEqualTo("http://127.0.0.1:" + http.port() + "/v1/mutations/run");
    assertThat(http.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(http.toString()).contains("127.0.0.1:" + http.port());
  }

  @Test
  void listenOnEveryInterface_saysSoInAddressAndToString() {
    server = builder().build();
    http = MutationHttpServer.listen(server, 0);

    assertThat(http.address().getAddress().isAnyLocalAddress()).isTrue();
    assertThat(http.toString())
        .contains("0.0.0.0:" + http.port())
        .contains("http://localhost:" + http.port() + "/v1/mutations/run");
  }

  @Test
  void aBusyPort_failsWithABindExceptionNamingThePort() {
    server = builder().build();
    http = MutationHttpServer.listenOnLoopback(server, 0);

    assertThatThrownBy(() -> MutationHttpServer.listenOnLoopback(server, http.port()))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(":" + http.port())
        .hasMessageContaining("in use")
        .hasCauseInstanceOf(BindException.class);
  }

  @Test
  void tenThousandAwaitingRequests_holdFewThreads_andAllAnswer200OnceTheConsumerCatchesUp(
      @TempDir Path dir) throws Exception {
    expected = 10_000;
    consumer.pause();
    server = builder().upstreamConcurrency(4, expected).build();
    http = http(server).maxThreads(16).backlog(expected).start();
    // The client runs in its own JVM: 10,000 sockets on each side would pass this JVM's file limit.
    Path source = dir.resolve("LoadClient.java");
    try (InputStream in = getClass().getResourceAsStream("/load-client/LoadClient.java")) {
      Files.write(source, in.readAllBytes());
    }
    Path output = dir.resolve("out.txt");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process client =
        new ProcessBuilder(
                java,
                "-Xmx512m",
                source.toString(),
                http.endpoint().toString(),
                TOKEN,
                Integer.toString(expected),
                AWAITING_CREATE)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      allApplied.get(3, TimeUnit.MINUTES);

      // Every request has been applied and is waiting for the paused consumer.
      // JDK HttpClients of test classes that ran before in this JVM keep their threads until they
      // are collected; they are not this server's.
      long threads =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> !t.getName().startsWith("HttpClient-"))
              .count();
      assertThat(threads).as("live threads while 10,000 requests wait").isLessThan(80);
      assertThat(client.isAlive()).as("no request was answered yet").isTrue();

      consumer.resume();
      assertThat(client.waitFor(3, TimeUnit.MINUTES)).isTrue();
      assertThat(Files.readString(output)).contains("STATUS {200=" + expected + "}");
      assertThat(db.records()).hasSize(expected);
    } finally {
      client.destroyForcibly();
    }
  }

  @Test
  void tenThousandTokenWaits_holdFewThreads_andAllAnswer200OnceTheConsumerCatchesUp(
      @TempDir Path dir) throws Exception {
    int waits = 10_000;
    consumer.pause();
    server = builder().build();
    http = http(server).maxThreads(16).backlog(waits).start();
    HttpClient once = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(1)).build();
    String created =
        once.send(
                post(
                    http.endpoint(),
                    AWAITING_CREATE.substring(0, AWAITING_CREATE.indexOf(",\"await")) + "}"),
                HttpResponse.BodyHandlers.ofString())
            .body();
    String token =
        WireCodec.standard()
            .readResult(created.getBytes(StandardCharsets.UTF_8))
            .consistencyToken()
            .orElseThrow()
            .value();
    Path source = dir.resolve("LoadClient.java");
    try (InputStream in = getClass().getResourceAsStream("/load-client/LoadClient.java")) {
      Files.write(source, in.readAllBytes());
    }
    Path output = dir.resolve("out.txt");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process client =
        new ProcessBuilder(
                java,
                "-Xmx512m",
                source.toString(),
                "http://127.0.0.1:" + http.port() + "/v1/consumers/db/wait",
                TOKEN,
                Integer.toString(waits),
                "{\"consistency_token\":\"" + token + "\",\"timeout\":180000}")
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (server.pendingAwaits() < waits && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(server.pendingAwaits()).as("token waits held").isEqualTo(waits);
      long threads =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> !t.getName().startsWith("HttpClient-"))
              .count();
      assertThat(threads).as("live threads while 10,000 token waits are held").isLessThan(80);

      consumer.resume();
      assertThat(client.waitFor(3, TimeUnit.MINUTES)).isTrue();
      assertThat(Files.readString(output)).contains("STATUS {200=" + waits + "}");
      assertThat(server.pendingAwaits()).isZero();
    } finally {
      client.destroyForcibly();
    }
  }

  @Test
  void close_letsRequestsInFlightFinish_andAnswers503ToNewOnes() throws Exception {
    consumer.pause();
    server = builder().build();
    http = http(server).gracePeriod(Duration.ofSeconds(30)).start();
    HttpClient client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(2)).build();
    CompletableFuture<HttpResponse<String>> inFlight =
        client.sendAsync(
            post(http.endpoint(), AWAITING_CREATE), HttpResponse.BodyHandlers.ofString());
    firstApplied.get(30, TimeUnit.SECONDS);

    CompletableFuture<Void> closing = CompletableFuture.runAsync(http::close);
    http.closing().get(30, TimeUnit.SECONDS);
    HttpResponse<String> refused =
        client.send(post(http.endpoint(), AWAITING_CREATE), HttpResponse.BodyHandlers.ofString());
    consumer.resume();

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(refused.headers().firstValue("X-Request-Id")).isPresent();
    assertThat(inFlight.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    closing.get(30, TimeUnit.SECONDS);
  }

  @Test
  void close_answers503ToRequestsStillRunningAfterTheGracePeriod() throws Exception {
    consumer.pause();
    server = builder().build();
    http = http(server).gracePeriod(Duration.ofMillis(200)).start();
    HttpClient client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(2)).build();
    CompletableFuture<HttpResponse<byte[]>> inFlight =
        client.sendAsync(
            post(http.endpoint(), AWAITING_CREATE), HttpResponse.BodyHandlers.ofByteArray());
    firstApplied.get(30, TimeUnit.SECONDS);

    http.close();

    HttpResponse<byte[]> response = inFlight.get(30, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(503);
    MutationError error = WireCodec.standard().readError(503, response.body());
    assertThat(error.code()).contains(ErrorCode.UNAVAILABLE);
    assertThat(new String(response.body(), StandardCharsets.UTF_8))
        .startsWith("{\"error\":\"Error: ");
  }

  @Test
  void closingTheServer_closesItsListeners() throws IOException, InterruptedException {
    server = builder().build();
    MutationHttpServer listener = MutationHttpServer.listenOnLoopback(server, 0);
    URI endpoint = listener.endpoint();
    HttpClient client = HttpClient.newHttpClient();
    assertThat(
            client
                .send(
                    post(endpoint, AWAITING_CREATE.replace(",\"await_consumer_ids\":[\"db\"]", "")),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode())
        .isEqualTo(200);

    server.close();

    assertThat(
            List.of(
                (Object)
                    client
                        .sendAsync(
                            post(endpoint, AWAITING_CREATE), HttpResponse.BodyHandlers.discarding())
                        .handle((r, e) -> e != null ? "refused" : r.statusCode())
                        .join()))
        .first()
        .isIn("refused", 503);
  }
}
