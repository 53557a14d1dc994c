package io.mutationapi.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mutationapi.server.InMemoryConsumer;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.RateLimit;
import io.mutationapi.server.spi.BatchResult;
import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.Upstream;
import io.mutationapi.server.spi.UpstreamException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real in-memory {@link MutationServer}'s answers, through its neutral handler, validated against
 * docs/openapi.yaml: status documented for the endpoint, required headers, content type, body
 * against the schema. A mismatch names the endpoint, the status and the JSON path.
 */
class OpenApiServerAnswersTest {
  static final String RUN = "/v1/mutations/run";
  static final String TOKEN = "secret";

  final OpenApiContract contract = OpenApiContract.load();
  final ObjectMapper json = new ObjectMapper();
  final CompletableFuture<Void> gate = new CompletableFuture<>();
  final Consumer gated = batch -> gate;
  final MutationServer server = server();
  final List<String> problems = new ArrayList<>();
  final TreeSet<String> seen = new TreeSet<>();

  MutationServer server() {
    Upstream refusing =
        (batch, context) ->
            CompletableFuture.failedFuture(
                UpstreamException.validation("Salesforce validation error: `Invalid email`"));
    Upstream failing =
        (batch, context) ->
            CompletableFuture.failedFuture(
                UpstreamException.failed("Salesforce answered 500", new IOException("boom")));
    Consumer picky =
        new Consumer() {
          @Override
          public CompletionStage<Void> process(List<ChangeEvent> batch) {
            return processBatch(batch).thenApply(result -> null);
          }

          @Override
          public CompletionStage<BatchResult> processBatch(List<ChangeEvent> batch) {
            return CompletableFuture.completedFuture(
                new BatchResult(
                    batch.stream()
                        .map(event -> new BatchResult.Skipped(event, "the table refused it"))
                        .toList()));
          }
        };
    Upstream slow =
        (batch, context) ->
            CompletableFuture.failedFuture(UpstreamException.timeout("Salesforce API timed out"));
    return MutationServer.builder()
        .sync("s1", InMemoryUpstream.create(), "c1")
        .sync("refusing", refusing, "c2")
        .sync("failing", failing, "c3")
        .sync("slow", slow, "c4")
        .sync("limited", InMemoryUpstream.create(), "c5")
        .sync("picky-sync", InMemoryUpstream.create(), "c7")
        .consumer("picky", picky, "c7")
        .rateLimit("limited", RateLimit.of(0.001, 1).withMaxWait(Duration.ofMillis(1)))
        .consumer("db", new InMemoryConsumer(), "c1")
        .consumer("gated", gated, "c1")
        .consumer("other", new InMemoryConsumer(), "c2")
        .httpConsumer("worker", "c1")
        .authenticator(
            token ->
                switch (token) {
                  case TOKEN -> Optional.of(Principal.allSyncs("app"));
                  case "s1-only" -> Optional.of(Principal.of("s1-only", "s1"));
                  default -> Optional.empty();
                })
        .maxBodyBytes(4096)
        .maxPendingAwaits(1)
        .build();
  }

  @AfterEach
  void close() {
    gate.complete(null);
    server.close();
  }

  @Test
  void mutationEndpoint_answers_matchTheDocument() {
    check(RUN, 200, post(RUN, create("s1", "c1", "")));
    JsonNode created = body(post(RUN, create("s1", "c1", "")));
    String id = created.path("records").path(0).path("upstream_id").asText();
    check(
        RUN,
        200,
        post(
            RUN,
            "{\"kind\":\"update\",\"sync_id\":\"s1\",\"collection_id\":\"c1\","
                + "\"records\":[{\"upstream_id\":\""
                + id
                + "\",\"data\":{\"Email\":null}}],\"await_consumer_ids\":[\"db\"]}"));
    check(
        RUN,
        200,
        post(
            RUN,
            "{\"kind\":\"delete\",\"sync_id\":\"s1\",\"collection_id\":\"c1\",\"upstream_ids\":[\""
                + id
                + "\"]}"));
    check(RUN, 400, post(RUN, "{\"kind\":\"create\",\"sync_id\":\"s1\",\"colection_id\":\"c1\"}"));
    check(RUN, 400, post(RUN, create("s1", "c1", ",\"await_consumer_ids\":[\"nobody\"]")));
    check(RUN, 400, post(RUN, create("s1", "c1", ",\"await_consumer_ids\":[\"other\"]")));
    check(RUN, 400, post(RUN, create("refusing", "c2", "")));
    check(RUN, 401, send("POST", RUN, "", Map.of("Content-Type", "application/json"), "{}"));
    check(RUN, 404, post(RUN, create("nope", "c1", "")));
    check(RUN, 405, send("GET", RUN, "", auth(), ""));
    check(RUN, 413, post(RUN, create("s1", "c1", "") + " ".repeat(5000)));
    check(RUN, 415, send("POST", RUN, "", with(auth(), "Content-Type", "text/plain"), "{}"));
    Map<String, String> keyed = with(json(), "Idempotency-Key", "k-422");
    check(RUN, 200, send("POST", RUN, "", keyed, create("s1", "c1", "")));
    check(RUN, 200, send("POST", RUN, "", keyed, create("s1", "c1", "")));
    check(RUN, 422, send("POST", RUN, "", keyed, create("s1", "c1", ",\"await_consumer_ids\":[]")));
    check(RUN, 200, post(RUN, create("limited", "c5", "")));
    check(RUN, 429, post(RUN, create("limited", "c5", "")));
    check(
        RUN,
        403,
        send(
            "POST",
            RUN,
            "",
            Map.of("Authorization", "Bearer s1-only", "Content-Type", "application/json"),
            create("limited", "c5", "")));
    check(RUN, 500, post(RUN, create("picky-sync", "c7", ",\"await_consumer_ids\":[\"picky\"]")));
    check(RUN, 502, post(RUN, create("failing", "c3", "")));
    check(RUN, 504, post(RUN, create("slow", "c4", "")));

    assertThat(problems).isEmpty();
    assertThat(seen)
        .contains(
            "POST /v1/mutations/run 200",
            "POST /v1/mutations/run 400 validation_error",
            "POST /v1/mutations/run 400 unknown_consumer",
            "POST /v1/mutations/run 400 consumer_not_subscribed",
            "POST /v1/mutations/run 400 upstream_validation_error",
            "POST /v1/mutations/run 401 unauthorized",
            "POST /v1/mutations/run 404 not_found",
            "GET /v1/mutations/run 405 method_not_allowed",
            "POST /v1/mutations/run 413 payload_too_large",
            "POST /v1/mutations/run 415 unsupported_media_type",
            "POST /v1/mutations/run 422 idempotency_key_reused",
            "POST /v1/mutations/run 429 rate_limited",
            "POST /v1/mutations/run 403 forbidden",
            "POST /v1/mutations/run 500 record_not_applied",
            "POST /v1/mutations/run 502 upstream_error",
            "POST /v1/mutations/run 504 upstream_timeout");
  }

  @Test
  void pendingAwait_inProgressKey_overload_andTimeout_matchTheDocument() throws Exception {
    Map<String, String> keyed = with(json(), "Idempotency-Key", "k-409");
    String awaiting =
        create("s1", "c1", ",\"await_consumer_ids\":[\"gated\"],\"await_consumers_timeout\":1500");
    CompletableFuture<HandlerResponse> first = start("POST", RUN, "", keyed, awaiting);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (server.pendingAwaits() < 1 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }

    check(RUN, 409, send("POST", RUN, "", keyed, awaiting));
    check(RUN, 503, post(RUN, create("s1", "c1", ",\"await_consumer_ids\":[\"db\"]")));
    check(RUN, 500, first.get(10, TimeUnit.SECONDS));

    assertThat(problems).isEmpty();
    assertThat(seen)
        .contains(
            "POST /v1/mutations/run 409 idempotency_key_in_progress",
            "POST /v1/mutations/run 503 unavailable",
            "POST /v1/mutations/run 500 consumers_timeout");
  }

  @Test
  void consumeApi_answers_matchTheDocument() throws Exception {
    post(RUN, create("s1", "c1", ""));
    post(RUN, create("s1", "c1", ""));
    post(RUN, create("s1", "c1", ""));
    String next = "/v1/http-consumers/{id}/next";
    String ack = "/v1/http-consumers/{id}/ack";
    String nack = "/v1/http-consumers/{id}/nack";
    HandlerResponse pulled =
        send("GET", "/v1/http-consumers/worker/next", "batch_size=2&wait_for=2000", auth(), "");
    check(next, 200, pulled);
    JsonNode messages = body(pulled).path("data");
    assertThat(messages.size()).isBetween(1, 2);
    // Ack what came at once: an unacked message holds back the later records of its partition (the
    // stream hands a partition's next batch over once the previous one is acked), and the pull
    // below must find one. Acking these tokens again later is harmless.
    StringBuilder first = new StringBuilder();
    for (JsonNode message : messages) {
      first.append(first.length() == 0 ? "" : ",").append('"');
      first.append(message.path("ack_token").asText()).append('"');
    }
    post("/v1/http-consumers/worker/ack", "{\"ack_tokens\":[" + first + "]}");
    HandlerResponse posted =
        send(
            "POST",
            "/v1/http-consumers/worker/next",
            "",
            json(),
            "{\"batch_size\":1,\"wait_for\":2000}");
    check(next, 200, posted);
    check(next, 200, send("POST", "/v1/http-consumers/worker/next", "wait_for=1", auth(), ""));
    check(next, 400, send("GET", "/v1/http-consumers/worker/next", "batch_size=0", auth(), ""));
    check(
        next,
        415,
        send(
            "POST",
            "/v1/http-consumers/worker/next",
            "",
            with(auth(), "Content-Type", "text/plain"),
            "{}"));
    check(next, 404, send("GET", "/v1/http-consumers/db/next", "", auth(), ""));
    check(next, 405, send("PUT", "/v1/http-consumers/worker/next", "", auth(), ""));
    check(next, 401, send("GET", "/v1/http-consumers/worker/next", "", Map.of(), ""));
    String token0 = messages.path(0).path("ack_token").asText();
    String token1 = body(posted).path("data").path(0).path("ack_token").asText();
    check(
        ack,
        400,
        post("/v1/http-consumers/worker/ack", "{\"ack_tokens\":[\"" + token0 + "\",\"bogus\"]}"));
    check(ack, 204, post("/v1/http-consumers/worker/ack", "{\"ack_tokens\":[\"" + token0 + "\"]}"));
    check(ack, 400, post("/v1/http-consumers/worker/ack", "{\"ack_tokens\":[]}"));
    check(
        nack, 204, post("/v1/http-consumers/worker/nack", "{\"ack_tokens\":[\"" + token1 + "\"]}"));
    check(
        ack,
        413,
        post(
            "/v1/http-consumers/worker/ack",
            "{\"ack_tokens\":[\"" + "a".repeat(1_100_000) + "\"]}"));

    assertThat(problems).isEmpty();
    assertThat(seen)
        .contains(
            "GET /v1/http-consumers/{id}/next 200",
            "POST /v1/http-consumers/{id}/next 200",
            "GET /v1/http-consumers/{id}/next 400 validation_error",
            "POST /v1/http-consumers/{id}/ack 400 validation_error",
            "POST /v1/http-consumers/{id}/ack 204",
            "POST /v1/http-consumers/{id}/nack 204");
  }

  @Test
  void managementApi_answers_matchTheDocument() {
    post(RUN, create("s1", "c1", ""));
    check("/v1/consumers", 200, get("/v1/consumers"));
    check("/v1/consumers/{id}", 200, get("/v1/consumers/db"));
    check("/v1/consumers/{id}", 200, get("/v1/consumers/worker"));
    check("/v1/consumers/{id}", 404, get("/v1/consumers/nobody"));
    check("/v1/consumers/{id}", 400, get("/v1/consumers/%ZZ"));
    check("/v1/http-consumers", 200, get("/v1/http-consumers"));
    check("/v1/http-consumers/{id}", 200, get("/v1/http-consumers/worker"));
    check("/v1/http-consumers/{id}", 404, get("/v1/http-consumers/db"));
    check("/v1/syncs", 200, get("/v1/syncs"));
    check("/v1/syncs/{id}", 200, get("/v1/syncs/limited"));
    check("/v1/syncs/{id}", 200, get("/v1/syncs/s1"));
    check("/v1/syncs/{id}", 404, get("/v1/syncs/nope"));
    check("/v1/syncs", 405, send("POST", "/v1/syncs", "", json(), "{}"));
    check("/v1/syncs", 401, send("GET", "/v1/syncs", "", Map.of(), ""));

    assertThat(problems).isEmpty();
    assertThat(seen).contains("GET /v1/syncs/{id} 200", "GET /v1/consumers/{id} 404 not_found");
  }

  @Test
  void tokenWaits_answers_matchTheDocument() {
    String token =
        body(post(RUN, create("s1", "c1", ",\"await_consumer_ids\":[\"db\"]")))
            .path("consistency_token")
            .asText();
    String one = "/v1/consumers/{id}/wait";
    String many = "/v1/consumers/wait";
    check(one, 200, post("/v1/consumers/db/wait", "{\"consistency_token\":\"" + token + "\"}"));
    check(
        many,
        200,
        post(
            many,
            "{\"consistency_token\":\""
                + token
                + "\",\"consumer_ids\":[\"db\",\"db\"],\"timeout\":null}"));
    check(one, 400, post("/v1/consumers/db/wait", "{\"consistency_token\":\"AQEAxyz\"}"));
    check(one, 400, post("/v1/consumers/nobody/wait", "{\"consistency_token\":\"" + token + "\"}"));
    check(
        many,
        400,
        post(many, "{\"consistency_token\":\"" + token + "\",\"consumer_id\":[\"db\"]}"));
    check(
        one,
        500,
        post(
            "/v1/consumers/gated/wait",
            "{\"consistency_token\":\"" + token + "\",\"timeout\":50}"));
    check(many, 405, send("GET", many, "", auth(), ""));

    assertThat(problems).isEmpty();
    assertThat(seen)
        .contains(
            "POST /v1/consumers/{id}/wait 200",
            "POST /v1/consumers/wait 200",
            "POST /v1/consumers/{id}/wait 400 validation_error",
            "POST /v1/consumers/{id}/wait 400 unknown_consumer",
            "POST /v1/consumers/{id}/wait 500 consumers_timeout");
  }

  @Test
  void openApiDocument_isServedWithoutAuthentication_fromTheJarsCopyOfDocs() throws IOException {
    HandlerResponse served = send("GET", "/v1/openapi.yaml", "", Map.of(), "");

    check("/v1/openapi.yaml", 200, served);
    assertThat(served.header("Content-Type")).isEqualTo("application/yaml");
    assertThat(served.header("Cache-Control")).contains("max-age=");
    assertThat(served.body()).isEqualTo(Files.readAllBytes(OpenApiContract.DOCUMENT));
    check("/v1/openapi.yaml", 405, send("POST", "/v1/openapi.yaml", "", json(), "{}"));
    assertThat(problems).isEmpty();
  }

  @Test
  void everyDocumentedOperation_isAnswered_andOtherMethodsGet405WithTheDocumentedAllow() {
    List<String> methods = List.of("GET", "POST", "PUT", "DELETE", "PATCH");
    for (Map.Entry<String, JsonNode> path : contract.tree.path("paths").properties()) {
      String concrete = path.getKey().replace("{id}", "db");
      TreeSet<String> documented = new TreeSet<>();
      for (String method : methods) {
        if (path.getValue().has(method.toLowerCase(Locale.ROOT))) {
          documented.add(method);
        }
      }
      for (String method : methods) {
        HandlerResponse answer = send(method, concrete, "", json(), "{}");
        String where = method + " " + path.getKey();
        if (documented.contains(method)) {
          assertThat(answer.status()).as(where).isNotEqualTo(405);
          assertThat(text(answer)).as(where).doesNotContain("Not found; no endpoint");
        } else {
          assertThat(answer.status()).as(where).isEqualTo(405);
          assertThat(answer.header("Allow")).as(where).isEqualTo(String.join(", ", documented));
        }
      }
    }
  }

  // --- requests and checks

  void check(String template, int expectedStatus, HandlerResponse answer) {
    String method = lastMethod;
    String code = answer.status() >= 400 ? " " + body(answer).path("code").asText() : "";
    seen.add(method + " " + template + " " + answer.status() + code);
    if (answer.status() != expectedStatus) {
      problems.add(
          method
              + " "
              + template
              + ": expected "
              + expectedStatus
              + ", got "
              + answer.status()
              + " "
              + text(answer));
    }
    problems.addAll(contract.responseProblems(method, template, answer));
  }

  private String lastMethod = "-";

  static String create(String sync, String collection, String extra) {
    return "{\"kind\":\"create\",\"sync_id\":\""
        + sync
        + "\",\"collection_id\":\""
        + collection
        + "\",\"records\":[{\"data\":{\"LastName\":\"Atreides\",\"Amount\":12.50}}]"
        + extra
        + "}";
  }

  static Map<String, String> auth() {
    return Map.of("Authorization", "Bearer " + TOKEN);
  }

  static Map<String, String> json() {
    return with(auth(), "Content-Type", "application/json");
  }

  static Map<String, String> with(Map<String, String> headers, String name, String value) {
    Map<String, String> all = new HashMap<>(headers);
    all.put(name, value);
    return all;
  }

  HandlerResponse post(String path, String body) {
    return send("POST", path, "", json(), body);
  }

  HandlerResponse get(String path) {
    return send("GET", path, "", auth(), "");
  }

  HandlerResponse send(
      String method, String path, String query, Map<String, String> headers, String body) {
    try {
      return start(method, path, query, headers, body).get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(method + " " + path, e);
    }
  }

  CompletableFuture<HandlerResponse> start(
      String method, String path, String query, Map<String, String> headers, String body) {
    lastMethod = method;
    Map<String, List<String>> all = new HashMap<>();
    headers.forEach((name, value) -> all.put(name, List.of(value)));
    CompletionStage<HandlerResponse> answer =
        server
            .httpHandler()
            .handle(
                new HandlerRequest(
                    method,
                    path,
                    all,
                    new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                    query));
    return answer.toCompletableFuture();
  }

  JsonNode body(HandlerResponse answer) {
    try {
      return answer.body().length == 0 ? json.nullNode() : json.readTree(answer.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(HandlerResponse answer) {
    return new String(answer.body(), StandardCharsets.UTF_8);
  }
}
