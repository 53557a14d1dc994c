package io.mutationapi.server.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.internal.WireCodec;
import io.mutationapi.server.InMemoryConsumer;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.testing.PausableConsumer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the embedded server answers to requests that never reach the protocol: framing errors,
 * oversized headers, {@code Expect: 100-continue}, odd credentials, a handler that throws an {@link
 * Error}; and that a request waiting for consumers outlives the idle timeout.
 */
class TransportAnswersTest {
  static final String TOKEN = "test-token";
  static final String CREATE =
      "{\"kind\":\"create\",\"sync_id\":\"my-sync-id\",\"collection_id\":\"salesforce:contact\","
          + "\"records\":[{\"data\":{\"LastName\":\"Atreides\"}}]}";

  final InMemoryConsumer db = new InMemoryConsumer();
  final PausableConsumer consumer = PausableConsumer.wrap(db);
  MutationServer server;
  MutationHttpServer http;

  MutationServer.Builder builder() {
    return MutationServer.builder()
        .sync("my-sync-id", InMemoryUpstream.create(), "salesforce:contact")
        .consumer("db", consumer, "salesforce:contact")
        .bearerToken(TOKEN, Principal.of("app", "my-sync-id"))
        .maxBodyBytes(1024);
  }

  void start(MutationServer.Builder builder) {
    server = builder.build();
    http = MutationHttpServer.listenOnLoopback(server, 0);
  }

  @AfterEach
  void close() {
    consumer.resume();
    if (server != null) {
      server.close();
    }
  }

  RawExchange.Response exchange(String request) throws IOException {
    try (RawExchange raw = new RawExchange(http.port(), 10_000)) {
      return raw.send(request).read();
    }
  }

  static MutationError envelope(RawExchange.Response response) {
    assertThat(response.headers().get("content-type")).startsWith("application/json");
    assertThat(response.headers()).containsKey("x-request-id");
    assertThat(response.body()).startsWith("{\"error\":\"Error: ").doesNotContain("<html");
    return WireCodec.standard()
        .readError(response.status(), response.body().getBytes(StandardCharsets.UTF_8));
  }

  static String post(String extraHeaders, String body) {
    return "POST /v1/mutations/run HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + extraHeaders
        + "\r\n"
        + body;
  }

  static Stream<Arguments> framingErrors() {
    return Stream.of(
        Arguments.of("bad Content-Length", 400, "Content-Length: abc\r\n"),
        Arguments.of("two Content-Lengths", 400, "Content-Length: 5\r\nContent-Length: 6\r\n"),
        Arguments.of(
            "Transfer-Encoding and Content-Length",
            400,
            "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n"),
        Arguments.of("unsupported transfer coding", 400, "Transfer-Encoding: gzip\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("framingErrors")
  void framingErrors_areAnsweredInTheEnvelope(String name, int status, String headers)
      throws IOException {
    start(builder());

    RawExchange.Response response =
        exchange(post("Authorization: Bearer " + TOKEN + "\r\n" + headers, ""));

    assertThat(response.status()).as(name + ": " + response).isEqualTo(status);
    assertThat(envelope(response).code()).contains(ErrorCode.VALIDATION_ERROR);
  }

  @Test
  void anAsteriskTarget_isAnsweredInTheEnvelope() throws IOException {
    start(builder());

    RawExchange.Response response =
        exchange("POST * HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");

    assertThat(response.status()).as(response.toString()).isEqualTo(400);
    assertThat(envelope(response).code()).isPresent();
  }

  @Test
  void anUnknownHttpVersion_isAnsweredInTheEnvelope() throws IOException {
    start(builder());

    RawExchange.Response response = exchange("POST /v1/mutations/run HTTP/9.9\r\nHost: x\r\n\r\n");

    assertThat(response.status()).as(response.toString()).isEqualTo(505);
    assertThat(envelope(response).code()).contains(ErrorCode.VALIDATION_ERROR);
  }

  @Test
  void oversizedHeaders_get431InTheEnvelope_notAReset() throws IOException {
    start(builder());

    RawExchange.Response response =
        exchange(post("X-Padding: " + "a".repeat(64 * 1024) + "\r\nContent-Length: 0\r\n", ""));

    assertThat(response.status()).isEqualTo(431);
    assertThat(envelope(response).code()).contains(ErrorCode.VALIDATION_ERROR);
    assertThat(envelope(response).detail()).contains("headers are too large");
  }

  @Test
  void expectContinue_withoutCredentials_gets401_not100() throws IOException {
    start(builder());

    RawExchange.Response response =
        exchange(post("Expect: 100-continue\r\nContent-Length: 100\r\n", ""));

    assertThat(response.status()).isEqualTo(401);
    assertThat(envelope(response).code()).contains(ErrorCode.UNAUTHORIZED);
  }

  @Test
  void expectContinue_withAWrongToken_gets401_not100() throws IOException {
    start(builder());

    RawExchange.Response response =
        exchange(
            post(
                "Authorization: Bearer wrong\r\nExpect: 100-continue\r\nContent-Length: 100\r\n",
                ""));

    assertThat(response.status()).isEqualTo(401);
  }

  @Test
  void expectContinue_withADeclaredSizeOverTheLimit_gets413_not100() throws IOException {
    start(builder());

    RawExchange.Response response =
        exchange(
            post(
                "Authorization: Bearer "
                    + TOKEN
                    + "\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n",
                ""));

    assertThat(response.status()).isEqualTo(413);
    assertThat(envelope(response).code()).contains(ErrorCode.PAYLOAD_TOO_LARGE);
  }

  @Test
  void expectContinue_withValidCredentials_gets100_thenTheAnswer() throws IOException {
    start(builder());
    byte[] body = CREATE.getBytes(StandardCharsets.UTF_8);

    try (RawExchange raw = new RawExchange(http.port(), 10_000)) {
      raw.send(
          post(
              "Authorization: Bearer "
                  + TOKEN
                  + "\r\nExpect: 100-continue\r\nContent-Length: "
                  + body.length
                  + "\r\n",
              ""));
      assertThat(raw.read().status()).isEqualTo(100);
      raw.send(body);
      assertThat(raw.read().status()).isEqualTo(200);
    }
  }

  static Stream<Arguments> oddCredentials() {
    return Stream.of(
        Arguments.of(
            "valid first", "Authorization: Bearer test-token\r\nAuthorization: Bearer wrong\r\n"),
        Arguments.of(
            "valid second", "Authorization: Bearer wrong\r\nAuthorization: Bearer test-token\r\n"),
        Arguments.of(
            "both valid",
            "Authorization: Bearer test-token\r\nAuthorization: Bearer test-token\r\n"),
        Arguments.of("empty token", "Authorization: Bearer \r\n"),
        Arguments.of("another scheme", "Authorization: Basic dGVzdC10b2tlbg==\r\n"));
  }

  @Test
  void aTokenPaddedWithControlCharacters_isRefusedAsMalformed() throws IOException {
    start(builder());

    RawExchange.Response response =
        exchange(
            post(
                "Authorization: Bearer \u0001test-token\u0000\r\nContent-Length: "
                    + CREATE.length()
                    + "\r\n",
                CREATE));

    assertThat(response.status()).isEqualTo(400);
    assertThat(envelope(response).code()).contains(ErrorCode.VALIDATION_ERROR);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oddCredentials")
  void oddCredentials_areRefused_whateverTheirOrder(String name, String headers)
      throws IOException {
    start(builder());

    RawExchange.Response response =
        exchange(post(headers + "Content-Length: " + CREATE.length() + "\r\n", CREATE));

    assertThat(response.status()).as(name + ": " + response).isEqualTo(401);
    assertThat(envelope(response).code()).isPresent();
  }

  @Test
  void anErrorThrownWhileAnswering_isA500_andTheServerGoesOn() throws IOException {
    start(
        MutationServer.builder()
            .sync("my-sync-id", InMemoryUpstream.create(), "salesforce:contact")
            .authenticator(
                token -> {
                  if (token.equals("boom")) {
                    throw new OutOfMemoryError("simulated");
                  }
                  return Optional.of(Principal.of("app", "my-sync-id"));
                }));

    for (int i = 0; i < 20; i++) {
      RawExchange.Response failed =
          exchange(
              post(
                  "Authorization: Bearer boom\r\nContent-Length: " + CREATE.length() + "\r\n",
                  CREATE));
      assertThat(failed.status()).isEqualTo(500);
      assertThat(envelope(failed).code()).contains(ErrorCode.INTERNAL_ERROR);
    }
    RawExchange.Response fine =
        exchange(
            post(
                "Authorization: Bearer ok\r\nContent-Length: " + CREATE.length() + "\r\n", CREATE));
    assertThat(fine.status()).isEqualTo(200);
  }

  @Test
  void aRequestWaitingForConsumers_outlivesTheIdleTimeout() throws IOException {
    server = builder().build();
    http =
        MutationHttpServer.builder(server)
            .address(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0))
            .idleTimeout(Duration.ofMillis(300))
            .start();
    consumer.pause();
    String awaiting =
        CREATE.replace(
            "]}", "],\"await_consumer_ids\":[\"db\"],\"await_consumers_timeout\":20000}");

    try (RawExchange raw = new RawExchange(http.port(), 20_000)) {
      raw.send(
          post(
              "Authorization: Bearer "
                  + TOKEN
                  + "\r\nContent-Length: "
                  + awaiting.length()
                  + "\r\n",
              awaiting));
      sleep(1500);
      consumer.resume();
      assertThat(raw.read().status()).isEqualTo(200);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
