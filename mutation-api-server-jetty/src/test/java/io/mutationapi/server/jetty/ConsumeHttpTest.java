package io.mutationapi.server.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.Principal;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Consume and Management endpoints through the real Jetty listener. */
class ConsumeHttpTest {
  static final String TOKEN = "worker-token";
  static final String CREATE =
      "{\"kind\":\"create\",\"sync_id\":\"s\",\"collection_id\":\"c\","
          + "\"records\":[{\"data\":{\"Name\":\"Ada\"}}]}";

  final HttpClient client = HttpClient.newHttpClient();
  MutationServer server;
  MutationHttpServer http;

  @BeforeEach
  void start() {
    server =
        MutationServer.builder()
            .sync("s", InMemoryUpstream.create(), "c")
            .httpConsumer("worker", "c")
            .bearerToken(TOKEN, Principal.of("worker", "s"))
            .build();
    http =
        MutationHttpServer.builder(server)
            .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .start();
  }

  @AfterEach
  void close() {
    http.close();
    server.close();
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + http.port() + pathAndQuery);
  }

  HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(uri(pathAndQuery))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + TOKEN);
  }

  HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> create() throws IOException, InterruptedException {
    return send(
        request("/v1/mutations/run")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(CREATE))
            .build());
  }

  @Test
  void getNext_withAQueryString_pullsWithItsParameters() throws Exception {
    assertThat(create().statusCode()).isEqualTo(200);
    assertThat(create().statusCode()).isEqualTo(200);

    HttpResponse<String> pulled =
        send(request("/v1/http-consumers/worker/next?batch_size=2&wait_for=2000").GET().build());
    HttpResponse<String> unknown =
        send(request("/v1/http-consumers/worker/next?batch=2").GET().build());

    assertThat(pulled.statusCode()).isEqualTo(200);
    assertThat(pulled.body()).contains("\"ack_token\":", "\"Name\":\"Ada\"");
    assertThat(pulled.body().split("\"ack_token\"", -1)).hasSize(3);
    assertThat(pulled.headers().firstValue("X-Request-Id")).isPresent();
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("unknown query parameter 'batch'");
  }

  @Test
  void aLongPoll_isAnsweredWhenARecordIsPublished_notWhenItsWaitEnds() throws Exception {
    long start = System.nanoTime();
    CompletableFuture<HttpResponse<String>> poll =
        client.sendAsync(
            request("/v1/http-consumers/worker/next?wait_for=20000").GET().build(),
            HttpResponse.BodyHandlers.ofString());
    Thread.sleep(200);
    assertThat(poll).isNotDone();

    assertThat(create().statusCode()).isEqualTo(200);
    HttpResponse<String> answer = poll.get(10, TimeUnit.SECONDS);

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("\"Name\":\"Ada\"", "\"delivery_count\":1");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    String token = answer.body().replaceAll("(?s).*\"ack_token\":\"([^\"]+)\".*", "$1");
    HttpResponse<String> ack =
        send(
            request("/v1/http-consumers/worker/ack")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ack_tokens\":[\"" + token + "\"]}"))
                .build());
    assertThat(ack.statusCode()).isEqualTo(204);
    assertThat(ack.body()).isEmpty();
  }

  @Test
  void anOversizedAckBody_is413_beforeTheClientSendsItAll() throws IOException {
    try (RawExchange raw = new RawExchange(http.port(), 10_000)) {
      raw.send(
          "POST /v1/http-consumers/worker/ack HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
              + TOKEN
              + "\r\nContent-Type: application/json\r\nContent-Length: "
              + (100L * 1024 * 1024)
              + "\r\n\r\n{\"ack_tokens\":[\"");
      raw.send("a".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII));

      RawExchange.Response response = raw.read();

      assertThat(response.status()).isEqualTo(413);
      assertThat(response.body())
          .contains("\"code\":\"payload_too_large\"", "larger than 1048576 bytes");
    }
  }

  @Test
  void aStreamedAckBodyOverTheLimit_is413_afterReadingAboutTheLimit() throws IOException {
    try (RawExchange raw = new RawExchange(http.port(), 10_000)) {
      raw.send(
          "POST /v1/http-consumers/worker/ack HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
              + TOKEN
              + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
      byte[] chunk =
          ("10000\r\n" + "a".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 17; i++) {
        raw.send(chunk);
      }

      RawExchange.Response response = raw.read();

      assertThat(response.status()).isEqualTo(413);
    }
  }

  @Test
  void managementEndpoints_answerThroughJetty_withPercentEncodedIds() throws Exception {
    HttpResponse<String> consumers = send(request("/v1/consumers").GET().build());
    HttpResponse<String> worker = send(request("/v1/http-consumers/%77orker").GET().build());
    HttpResponse<String> put =
        send(request("/v1/syncs/s").PUT(HttpRequest.BodyPublishers.noBody()).build());

    assertThat(consumers.statusCode()).isEqualTo(200);
    assertThat(consumers.body()).startsWith("{\"data\":[{\"id\":\"worker\",\"kind\":\"http\"");
    assertThat(worker.statusCode()).isEqualTo(200);
    assertThat(worker.body()).contains("\"ack_wait_ms\":30000");
    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(put.headers().firstValue("Allow")).contains("GET");
  }

  @Test
  void openApiDocument_isServedOverJetty_withoutAToken() throws Exception {
    HttpResponse<String> served =
        send(HttpRequest.newBuilder(uri("/v1/openapi.yaml")).GET().build());
    HttpResponse<String> posted =
        send(
            HttpRequest.newBuilder(uri("/v1/openapi.yaml"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());

    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.headers().firstValue("Content-Type")).hasValue("application/yaml");
    assertThat(served.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
    assertThat(served.headers().firstValue("X-Request-Id")).isPresent();
    assertThat(served.body()).startsWith("openapi: 3.1.0").contains("/v1/mutations/run:");
    assertThat(posted.statusCode()).isEqualTo(405);
    assertThat(posted.headers().firstValue("Allow")).hasValue("GET");
  }
}
