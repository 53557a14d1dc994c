package io.mutationapi.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.Principal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One log line per request, with what an operator needs and nothing a caller must keep secret. */
class RequestLogTest {
  static final String TOKEN = "super-secret-token";

  final PrintStream original = System.out;
  final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  final MutationServer server =
      MutationServer.builder()
          .sync("my-sync-id", InMemoryUpstream.create(), "salesforce:contact")
          .bearerToken(TOKEN, Principal.of("billing-app", "my-sync-id"))
          .build();

  @AfterEach
  void restore() {
    System.setOut(original);
    server.close();
  }

  String handle(String requestId, String token, String body) {
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      server
          .httpHandler()
          .handle(
              new HandlerRequest(
                  "POST",
                  MutationHttpHandler.PATH,
                  Map.of(
                      "Authorization", List.of("Bearer " + token),
                      "Content-Type", List.of("application/json"),
                      "X-Request-Id", List.of(requestId)),
                  new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
          .toCompletableFuture()
          .join();
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void eachRequest_logsOneLine_withIdsKindCountStatusAndDuration_butNoTokenOrData() {
    String log =
        handle(
            "req-7",
            TOKEN,
            "{\"kind\":\"create\",\"sync_id\":\"my-sync-id\",\"collection_id\":\"salesforce:contact\","
                + "\"records\":[{\"data\":{\"Email\":\"paul@arrakis.org\"}},{\"data\":{}}]}");

    assertThat(log.lines().filter(l -> l.contains("request_id=req-7"))).hasSize(1);
    assertThat(log)
        .contains("principal=billing-app")
        .contains("sync=my-sync-id")
        .contains("collection=salesforce:contact")
        .contains("kind=create")
        .contains("count=2")
        .contains("status=200")
        .contains("duration_ms=")
        .doesNotContain(TOKEN)
        .doesNotContain("arrakis");
  }

  @Test
  void controlCharactersFromTheRequest_cannotForgeLogLines() {
    String log =
        handle(
            "req-9",
            TOKEN,
            "{\"kind\":\"create\",\"sync_id\":\"x\\nFORGED status=200\","
                + "\"collection_id\":\"c\",\"records\":[{\"data\":{}}]}");

    assertThat(log).contains("sync=x?FORGED");
    assertThat(log.lines().filter(l -> l.contains("FORGED"))).allMatch(l -> l.contains("req-9"));
  }

  @Test
  void aRejectedToken_isNotLogged() {
    String log = handle("req-8", "wrong-secret-value", "{}");

    assertThat(log).contains("request_id=req-8").contains("status=401");
    assertThat(log).doesNotContain("wrong-secret-value");
  }

  @Test
  void aFailedRequest_logsItsErrorCode_andASuccessNone() {
    String failed = handle("req-5", "wrong-secret-value", "{}");
    captured.reset();
    String succeeded =
        handle(
            "req-6",
            TOKEN,
            "{\"kind\":\"create\",\"sync_id\":\"my-sync-id\",\"collection_id\":\"salesforce:contact\","
                + "\"records\":[{\"data\":{}}]}");

    assertThat(failed).contains("status=401").contains("error=unauthorized");
    assertThat(succeeded).contains("status=200").contains("error=-").contains("replayed=false");
  }

  @Test
  void anIdempotentReplay_isMarked() {
    String body =
        "{\"kind\":\"create\",\"sync_id\":\"my-sync-id\",\"collection_id\":\"salesforce:contact\","
            + "\"records\":[{\"data\":{}}]}";
    String first = handleKeyed("req-1", "key-1", body);
    captured.reset();
    String replay = handleKeyed("req-2", "key-1", body);

    assertThat(first).contains("request_id=req-1").contains("replayed=false");
    assertThat(replay)
        .contains("request_id=req-2")
        .contains("status=200")
        .contains("replayed=true");
  }

  String handleKeyed(String requestId, String key, String body) {
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      server
          .httpHandler()
          .handle(
              new HandlerRequest(
                  "POST",
                  MutationHttpHandler.PATH,
                  Map.of(
                      "Authorization", List.of("Bearer " + TOKEN),
                      "Content-Type", List.of("application/json"),
                      "Idempotency-Key", List.of(key),
                      "X-Request-Id", List.of(requestId)),
                  new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
          .toCompletableFuture()
          .join();
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void consumeAndManagementRequests_logOneLineEach_withTheEndpointAndTheId() {
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      for (String path : List.of("/v1/http-consumers/nope%0A/next", "/v1/syncs")) {
        server
            .httpHandler()
            .handle(
                new HandlerRequest(
                    "GET",
                    path,
                    Map.of(
                        "Authorization", List.of("Bearer " + TOKEN),
                        "X-Request-Id", List.of("req-" + path.length())),
                    new ByteArrayInputStream(new byte[0]),
                    "batch_size=1"))
            .toCompletableFuture()
            .join();
      }
    } finally {
      System.setOut(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);

    assertThat(log.lines().filter(l -> l.contains("request_id=req-")))
        .hasSize(2)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("endpoint=/v1/http-consumers/{id}/next", "status=400")
                    .doesNotContain(TOKEN))
        .anySatisfy(l -> assertThat(l).contains("endpoint=/v1/syncs", "status=200", "count=1"));
  }
}
