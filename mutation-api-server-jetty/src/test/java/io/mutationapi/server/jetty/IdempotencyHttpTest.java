package io.mutationapi.server.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.ErrorCode;
import io.mutationapi.internal.WireCodec;
import io.mutationapi.server.InMemoryConsumer;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.Upstream;
import io.mutationapi.server.spi.UpstreamException;
import io.mutationapi.testing.FaultyUpstream;
import io.mutationapi.testing.PausableConsumer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Idempotency-Key extension of the wire contract, over loopback HTTP. */
class IdempotencyHttpTest {
  static final String SYNC = "my-sync-id";
  static final String CONTACT = "salesforce:contact";
  static final String CREATE =
      "{\"kind\":\"create\",\"sync_id\":\"my-sync-id\",\"collection_id\":\"salesforce:contact\","
          + "\"records\":[{\"data\":{\"LastName\":\"Atreides\"}}]}";
  static final String AWAITING_CREATE =
      CREATE.replace(
          "}]}", "}],\"await_consumer_ids\":[\"db\"],\"await_consumers_timeout\":30000}");

  final HttpClient client = HttpClient.newHttpClient();
  final InMemoryUpstream store = InMemoryUpstream.create();
  final FaultyUpstream inner = FaultyUpstream.wrap(store);
  final InMemoryConsumer db = new InMemoryConsumer();
  final PausableConsumer consumer = PausableConsumer.wrap(db);
  final AtomicInteger calls = new AtomicInteger();
  final CompletableFuture<Void> firstCall = new CompletableFuture<>();
  final Upstream upstream =
      (batch, context) -> {
        calls.incrementAndGet();
        firstCall.complete(null);
        return inner.apply(batch, context);
      };
  MutationServer server;
  URI endpoint;

  @BeforeEach
  void start() {
    server =
        MutationServer.builder()
            .sync(SYNC, upstream, CONTACT)
            .consumer("db", consumer, CONTACT)
            .bearerToken("token-a", Principal.of("a", SYNC))
            .bearerToken("token-b", Principal.of("b", SYNC))
            .build();
    endpoint = MutationHttpServer.listenOnLoopback(server, 0).endpoint();
  }

  @AfterEach
  void close() {
    consumer.resume();
    server.close();
  }

  HttpRequest request(String token, String key, String body) {
    return HttpRequest.newBuilder(endpoint)
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  HttpResponse<byte[]> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static ErrorCode code(HttpResponse<byte[]> response) {
    return WireCodec.standard()
        .readError(response.statusCode(), response.body())
        .code()
        .orElseThrow();
  }

  @Test
  void repeatWithTheSameBody_replaysTheFirstResponseByteForByte_withoutCallingTheUpstream() {
    HttpResponse<byte[]> first = send(request("token-a", "key-1", CREATE));
    HttpResponse<byte[]> again = send(request("token-a", "key-1", CREATE));

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(calls.get()).isEqualTo(1);
    assertThat(store.size(CONTACT)).isEqualTo(1);
  }

  @Test
  void repeatWithAnotherBody_isUnprocessable_422() {
    send(request("token-a", "key-1", CREATE));

    HttpResponse<byte[]> other = send(request("token-a", "key-1", CREATE.replace("Atreides", "X")));

    assertThat(other.statusCode()).isEqualTo(422);
    assertThat(code(other)).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED);
    assertThat(calls.get()).isEqualTo(1);
  }

  @Test
  void repeatWhileTheFirstStillRuns_isConflict_409() throws Exception {
    consumer.pause();
    CompletableFuture<HttpResponse<byte[]>> first =
        client.sendAsync(
            request("token-a", "key-1", AWAITING_CREATE), HttpResponse.BodyHandlers.ofByteArray());
    firstCall.get(30, TimeUnit.SECONDS);

    HttpResponse<byte[]> again = send(request("token-a", "key-1", AWAITING_CREATE));
    consumer.resume();

    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(code(again)).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS);
    assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(send(request("token-a", "key-1", AWAITING_CREATE)).statusCode()).isEqualTo(200);
    assertThat(calls.get()).isEqualTo(1);
  }

  @Test
  void keysOfDifferentTokens_neverMeet() {
    send(request("token-a", "key-1", CREATE));

    HttpResponse<byte[]> other = send(request("token-b", "key-1", CREATE));

    assertThat(other.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void requestRefusedBeforeTheUpstream_letsTheKeyBeUsedAgain() {
    HttpResponse<byte[]> invalid =
        send(request("token-a", "key-1", CREATE.replace("records", "recods")));
    HttpResponse<byte[]> fixed = send(request("token-a", "key-1", CREATE));

    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(fixed.statusCode()).isEqualTo(200);
    assertThat(fixed.headers().firstValue("Idempotent-Replayed")).isEmpty();
  }

  @Test
  void upstreamFailure_isKept_soARetryDoesNotRunAgain() {
    inner.failNext(UpstreamException.timeout("Salesforce API timed out"));

    HttpResponse<byte[]> first = send(request("token-a", "key-1", CREATE));
    HttpResponse<byte[]> again = send(request("token-a", "key-1", CREATE));

    assertThat(first.statusCode()).isEqualTo(504);
    assertThat(again.statusCode()).isEqualTo(504);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(calls.get()).isEqualTo(1);
  }

  @Test
  void malformedKey_isAValidationError() {
    HttpResponse<byte[]> response = send(request("token-a", "x".repeat(256), CREATE));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(code(response)).isEqualTo(ErrorCode.VALIDATION_ERROR);
    assertThat(calls.get()).isZero();
  }
}
