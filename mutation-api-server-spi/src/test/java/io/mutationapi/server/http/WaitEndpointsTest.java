package io.mutationapi.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.ConsistencyToken;
import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.internal.WaitRequest;
import io.mutationapi.internal.WireCodec;
import io.mutationapi.server.InMemoryConsumer;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.Principal;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/consumers/{id}/wait} and {@code POST /v1/consumers/wait} on a real engine. */
class WaitEndpointsTest {
  static final String SYNC = "my-sync-id";
  static final String CONTACT = "salesforce:contact";
  static final String CREATE =
      "{\"kind\":\"create\",\"sync_id\":\"my-sync-id\",\"collection_id\":\"salesforce:contact\","
          + "\"records\":[{\"data\":{\"LastName\":\"Atreides\"}}]}";

  final InMemoryConsumer db = new InMemoryConsumer();
  volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);
  final Consumer held = batch -> gate.thenCompose(ignored -> db.process(batch));
  final MutationServer server =
      MutationServer.builder()
          .sync(SYNC, InMemoryUpstream.create(), CONTACT)
          .sync("other-sync", InMemoryUpstream.create(), "other:thing")
          .consumer("db", held, CONTACT)
          .consumer("other-db", new InMemoryConsumer(), "other:thing")
          .bearerTokens(
              Map.of("secret", Principal.of("app", SYNC), "peer", Principal.of("peer", SYNC)))
          .build();

  @AfterEach
  void close() {
    gate.complete(null);
    server.close();
  }

  HandlerResponse post(String path, String body, String... headerPairs) {
    Map<String, List<String>> headers = new HashMap<>();
    headers.put("Authorization", List.of("Bearer secret"));
    headers.put("Content-Type", List.of("application/json"));
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.put(headerPairs[i], List.of(headerPairs[i + 1]));
    }
    HandlerRequest request =
        new HandlerRequest(
            "POST", path, headers, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    return server
        .httpHandler()
        .handle(request)
        .toCompletableFuture()
        .orTimeout(20, TimeUnit.SECONDS)
        .join();
  }

  String create(String... headerPairs) {
    HandlerResponse created = post("/v1/mutations/run", CREATE, headerPairs);
    assertThat(created.status()).isEqualTo(200);
    return WireCodec.standard().readResult(created.body()).consistencyToken().orElseThrow().value();
  }

  static String text(HandlerResponse response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  static MutationError error(HandlerResponse response) {
    return WireCodec.standard().readError(response.status(), response.body());
  }

  static String waitBody(String token, String more) {
    return "{\"consistency_token\":\"" + token + "\"" + more + "}";
  }

  @Test
  void waitOne_andWaitMany_answer200WithTheConsumers_onceReached() {
    gate = new CompletableFuture<>();
    String token = create();

    CompletableFuture<HandlerResponse> one =
        CompletableFuture.supplyAsync(
            () -> post("/v1/consumers/db/wait", waitBody(token, ",\"timeout\":10000")));
    gate.complete(null);
    HandlerResponse many =
        post("/v1/consumers/wait", waitBody(token, ",\"consumer_ids\":[\"db\",\"db\"]"));

    assertThat(one.join().status()).isEqualTo(200);
    assertThat(text(one.join())).isEqualTo("{\"consumer_ids\":[\"db\"]}");
    assertThat(many.status()).isEqualTo(200);
    assertThat(text(many)).isEqualTo("{\"consumer_ids\":[\"db\"]}");
    assertThat(many.header("X-Request-Id")).isNotNull();
  }

  @Test
  void wait_timingOut_is500ConsumersTimeout_inTheAwaitsEnvelope() {
    gate = new CompletableFuture<>();
    String token = create();

    HandlerResponse response = post("/v1/consumers/db/wait", waitBody(token, ",\"timeout\":30"));

    assertThat(response.status()).isEqualTo(500);
    MutationError error = error(response);
    assertThat(error.code()).contains(ErrorCode.CONSUMERS_TIMEOUT);
    assertThat(error.message()).isEqualTo("Error: Timed out waiting for consumers: db");
    assertThat(error.pendingConsumerIds()).containsExactly("db");
    assertThat(error.docs()).isNotEmpty();
    assertThat(server.pendingAwaits()).isZero();
  }

  @Test
  void wait_withAMalformedTamperedOrForeignToken_is400_sayingOnlyNotValid() {
    String token = create();
    char last = token.charAt(token.length() - 1);
    String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'Q' : 'A');

    for (HandlerResponse response :
        List.of(
            post("/v1/consumers/db/wait", waitBody("garbage", "")),
            post("/v1/consumers/db/wait", waitBody(tampered, "")),
            post("/v1/consumers/db/wait", waitBody(token, ""), "Authorization", "Bearer peer"))) {
      assertThat(response.status()).isEqualTo(400);
      assertThat(error(response).code()).contains(ErrorCode.VALIDATION_ERROR);
      assertThat(error(response).detail()).isEqualTo(WaitRequest.TOKEN_NOT_VALID);
    }
  }

  @Test
  void wait_forAnUnknownOrHiddenConsumer_is400UnknownConsumer() {
    String token = create();

    for (HandlerResponse response :
        List.of(
            post("/v1/consumers/nope/wait", waitBody(token, "")),
            post("/v1/consumers/other-db/wait", waitBody(token, "")),
            post("/v1/consumers/wait", waitBody(token, ",\"consumer_ids\":[\"db\",\"nope\"]")))) {
      assertThat(response.status()).isEqualTo(400);
      assertThat(error(response).code()).contains(ErrorCode.UNKNOWN_CONSUMER);
    }
  }

  @Test
  void wait_withABadBody_is400NamingTheField_andOtherMethodsOrTypesAreRefused() {
    String token = create();

    assertThat(error(post("/v1/consumers/db/wait", waitBody(token, ",\"timeout\":0"))).detail())
        .startsWith("timeout: must be between 1 and 300000 milliseconds");
    assertThat(error(post("/v1/consumers/db/wait", waitBody(token, ",\"timout\":5"))).detail())
        .contains("unknown field 'timout'", "did you mean 'timeout'?");
    assertThat(error(post("/v1/consumers/wait", waitBody(token, ""))).detail())
        .isEqualTo("consumer_ids: required: an array of consumer ids");
    assertThat(post("/v1/consumers/db/wait", "[]").status()).isEqualTo(400);
    assertThat(
            post("/v1/consumers/db/wait", waitBody(token, ""), "Content-Type", "text/plain")
                .status())
        .isEqualTo(415);
  }

  @Test
  void idempotentReplay_ofACreate_carriesTheStoredToken() {
    String first = create("Idempotency-Key", "k-1");
    String again = create("Idempotency-Key", "k-1");

    assertThat(again).isEqualTo(first);
    assertThat(ConsistencyToken.parse(first).positions()).hasSize(1);
  }
}
