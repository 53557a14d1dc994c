package io.mutationapi.server.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationResult;
import io.mutationapi.Record;
import io.mutationapi.internal.WireCodec;
import io.mutationapi.server.InMemoryConsumer;
import io.mutationapi.server.InMemoryStream;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.http.MutationHttpHandler;
import io.mutationapi.server.spi.Authenticator;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.UpstreamException;
import io.mutationapi.testing.FaultyUpstream;
import io.mutationapi.testing.PausableConsumer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** WIRE.md over real HTTP on loopback: the published examples, and every row of the error table. */
class WireContractHttpTest {
  static final String SYNC = "my-sync-id";
  static final String CONTACT = "salesforce:contact";
  static final String TASK = "salesforce:task";
  static final String CONSUMER = "c906b4a4-0cda-4f46-bd80-255f570c195d";
  static final String TOKEN = "test-token";
  static final WireCodec CODEC = WireCodec.standard();
  static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z";

  final HttpClient client = HttpClient.newHttpClient();
  // Not atomic, so that a partial failure can be seen on the wire.
  final InMemoryUpstream store = InMemoryUpstream.builder().atomic(false).build();
  final FaultyUpstream upstream = FaultyUpstream.wrap(store);
  final InMemoryConsumer db = new InMemoryConsumer();
  final PausableConsumer consumer = PausableConsumer.wrap(db);
  MutationServer server;
  URI endpoint;

  MutationServer.Builder builder() {
    store.put(SYNC, CONTACT, "0031U00000Qn2ZVQAZ", Map.of("FirstName", "Paul", "Age", 15));
    store.put(SYNC, CONTACT, "0031U00000Qn2ZVQBA", Map.of("FirstName", "Duncan"));
    return MutationServer.builder()
        .sync(SYNC, upstream, CONTACT, TASK)
        .sync("other-sync", InMemoryUpstream.create(), CONTACT)
        .consumer(CONSUMER, consumer, CONTACT)
        .consumer("tasks", new InMemoryConsumer(), TASK)
        .bearerToken(TOKEN, Principal.of("app", SYNC))
        .maxBodyBytes(64 * 1024);
  }

  void start(MutationServer.Builder builder) {
    server = builder.build();
    endpoint = MutationHttpServer.listenOnLoopback(server, 0).endpoint();
  }

  void start() {
    start(builder());
  }

  @AfterEach
  void close() {
    if (server != null) {
      server.close();
    }
  }

  static String example(String name) {
    try (InputStream in =
        WireContractHttpTest.class.getResourceAsStream("/wire-examples/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  HttpResponse<byte[]> post(String body) {
    return send(
        HttpRequest.newBuilder(endpoint)
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpResponse<byte[]> send(HttpRequest.Builder request) {
    try {
      HttpResponse<byte[]> response =
          client.send(
              request.timeout(Duration.ofSeconds(20)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
      assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static MutationError error(HttpResponse<byte[]> response, ErrorCode code) {
    assertThat(response.statusCode()).isEqualTo(code.httpStatus());
    MutationError error = CODEC.readError(response.statusCode(), response.body());
    assertThat(error.code()).contains(code);
    assertThat(error.message()).startsWith("Error: ");
    assertThat(error.docs())
        .containsExactly(MutationHttpHandler.DEFAULT_DOCS_URL + "#" + code.value());
    return error;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(HttpResponse<byte[]> response) {
    return (Map<String, Object>) CODEC.readValue(response.body());
  }

  static String exampleError(String name) {
    @SuppressWarnings("unchecked")
    Map<String, Object> body =
        (Map<String, Object>) CODEC.readValue(example(name).getBytes(StandardCharsets.UTF_8));
    return (String) body.get("error");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "create-request.json",
        "create-request-await.json",
        "create-request-data-alias.json",
        "update-request.json",
        "delete-request.json"
      })
  @SuppressWarnings("unchecked")
  void everyPublishedRequest_isAnswered200WithRecordsOfThePublishedShape(String name) {
    start();
    String body = example(name);
    int expected = CODEC.readRequest(body.getBytes(StandardCharsets.UTF_8)).size();

    HttpResponse<byte[]> response = post(body);

    assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
    List<Map<String, Object>> records = (List<Map<String, Object>>) json(response).get("records");
    assertThat(records).hasSize(expected);
    for (Map<String, Object> record : records) {
      assertThat(record)
          .containsKeys(
              "sync_id",
              "collection_id",
              "upstream_id",
              "upstream_updated_at",
              "upstream_created_at",
              "updated_idx",
              "data",
              "deleted");
      assertThat(record.get("sync_id")).isEqualTo(SYNC);
      assertThat(record.get("collection_id")).isEqualTo(CONTACT);
      assertThat((String) record.get("upstream_id")).hasSize(18).startsWith("003");
      assertThat((String) record.get("upstream_updated_at")).matches(TIMESTAMP);
      assertThat(record.get("deleted")).isEqualTo(name.startsWith("delete"));
    }
    MutationResult result = CODEC.readResult(response.body());
    if (name.equals("create-request-await.json")) {
      Record created = result.record();
      assertThat(db.get(SYNC, CONTACT, created.upstreamId())).contains(created);
    }
    if (name.equals("update-request.json")) {
      // Full state after a partial update: the untouched field is still there.
      assertThat(result.records().get(0).data()).containsKeys("Age", "Email", "LastName");
    }
  }

  @Test
  void validationError_400_namesTheFieldAndTheClosestKnownName() {
    start();
    MutationError error =
        error(
            post(example("create-request.json").replace("\"records\"", "\"recods\"")),
            ErrorCode.VALIDATION_ERROR);

    assertThat(error.message()).contains("recods");
    assertThat(upstream.batchCount()).isZero();
  }

  @Test
  void unknownConsumer_400() {
    start();
    error(
        post(example("create-request-await.json").replace(CONSUMER, "ghost")),
        ErrorCode.UNKNOWN_CONSUMER);
    assertThat(upstream.batchCount()).isZero();
  }

  @Test
  void consumerNotSubscribed_400() {
    start();
    error(
        post(example("create-request-await.json").replace(CONSUMER, "tasks")),
        ErrorCode.CONSUMER_NOT_SUBSCRIBED);
    assertThat(upstream.batchCount()).isZero();
  }

  @Test
  void upstreamValidationError_400_isWordedAsPublished() {
    start();
    MutationError error =
        error(
            post(example("create-request.json").replace("paul@arrakis.org", "paul-at-arrakis")),
            ErrorCode.UPSTREAM_VALIDATION_ERROR);

    assertThat(error.message()).isEqualTo(exampleError("error-400-upstream-validation.json"));
  }

  @Test
  void unauthorized_401_withWwwAuthenticate() {
    start();
    HttpResponse<byte[]> response =
        send(
            HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(example("create-request.json"))));

    error(response, ErrorCode.UNAUTHORIZED);
    assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
  }

  @Test
  void forbidden_403_forASyncTheTokenMayNotMutate() {
    // The default access of an Authenticator: the sync is known, but not the principal's.
    start(
        MutationServer.builder()
            .sync(SYNC, upstream, CONTACT, TASK)
            .sync("other-sync", InMemoryUpstream.create(), CONTACT)
            .authenticator(
                token ->
                    TOKEN.equals(token)
                        ? java.util.Optional.of(Principal.of("app", SYNC))
                        : java.util.Optional.empty()));
    error(post(example("create-request.json").replace(SYNC, "other-sync")), ErrorCode.FORBIDDEN);
  }

  @Test
  void notFound_404_forASyncOfAnotherPrincipal_withBuilderTokens() {
    start();
    error(post(example("create-request.json").replace(SYNC, "other-sync")), ErrorCode.NOT_FOUND);
  }

  @Test
  void notFound_404_forUnknownPathSyncAndCollection() {
    start();
    error(
        send(
            HttpRequest.newBuilder(endpoint.resolve("/v1/other"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{}"))),
        ErrorCode.NOT_FOUND);
    error(post(example("create-request.json").replace(SYNC, "nope")), ErrorCode.NOT_FOUND);
    error(post(example("create-request.json").replace(CONTACT, "x:y")), ErrorCode.NOT_FOUND);
  }

  @Test
  void methodNotAllowed_405_withAllowPost() {
    start();
    HttpResponse<byte[]> response = send(HttpRequest.newBuilder(endpoint).GET());

    error(response, ErrorCode.METHOD_NOT_ALLOWED);
    assertThat(response.headers().firstValue("Allow")).contains("POST");
  }

  @Test
  void payloadTooLarge_413() {
    start();
    String big = "{\"kind\":\"create\",\"pad\":\"" + "x".repeat(100 * 1024) + "\"}";

    error(post(big), ErrorCode.PAYLOAD_TOO_LARGE);
  }

  @Test
  void unsupportedMediaType_415() {
    start();
    error(
        send(
            HttpRequest.newBuilder(endpoint)
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(example("create-request.json")))),
        ErrorCode.UNSUPPORTED_MEDIA_TYPE);
  }

  @Test
  void rateLimited_429_withRetryAfter() {
    start();
    upstream.failNext(
        UpstreamException.rateLimited("Salesforce API rate limit", Duration.ofSeconds(7)));

    HttpResponse<byte[]> response = post(example("create-request.json"));

    error(response, ErrorCode.RATE_LIMITED);
    assertThat(response.headers().firstValue("Retry-After")).contains("7");
  }

  @Test
  void consumersTimeout_500_isWordedAsPublished_withPendingIdsAndRecords() {
    start();
    consumer.pause();

    HttpResponse<byte[]> response =
        post(example("create-request-await.json").replace("5000", "200"));

    MutationError error = error(response, ErrorCode.CONSUMERS_TIMEOUT);
    assertThat(error.message()).isEqualTo(exampleError("error-500-consumers-timeout.json"));
    assertThat(error.pendingConsumerIds()).containsExactly(CONSUMER);
    assertThat(error.records()).hasSize(1);
    assertThat(store.get(SYNC, CONTACT, error.records().get(0).upstreamId())).isPresent();
    consumer.resume();
  }

  @Test
  void internalError_500_isGeneric() {
    Authenticator exploding =
        new Authenticator() {
          @Override
          public Optional<Principal> authenticate(String token) {
            return Optional.of(Principal.of("app", SYNC));
          }

          @Override
          public Access access(Principal principal, String syncId) {
            throw new IllegalStateException("java.lang.NullPointerException at com.secret");
          }
        };
    start(MutationServer.builder().sync(SYNC, upstream, CONTACT).authenticator(exploding));

    HttpResponse<byte[]> response = post(example("create-request.json"));

    MutationError error = error(response, ErrorCode.INTERNAL_ERROR);
    assertThat(error.message()).isEqualTo("Error: Internal server error");
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain("secret");
  }

  @Test
  void upstreamError_502() {
    start();
    upstream.failNext(UpstreamException.failed("Salesforce API error", new IOException("reset")));

    MutationError error = error(post(example("create-request.json")), ErrorCode.UPSTREAM_ERROR);

    assertThat(error.message()).doesNotContain("reset");
  }

  @Test
  void unavailable_503_withRetryAfter_whenTheStreamIsFull() {
    start(builder().stream(InMemoryStream.builder().maxRetainedEvents(1).build()));
    consumer.pause();
    assertThat(post(example("create-request.json")).statusCode()).isEqualTo(200);

    HttpResponse<byte[]> response = post(example("create-request.json"));

    error(response, ErrorCode.UNAVAILABLE);
    assertThat(response.headers().firstValue("Retry-After")).contains("1");
    consumer.resume();
  }

  @Test
  void upstreamTimeout_504_isWordedAsPublished() {
    start();
    upstream.failNext(UpstreamException.timeout("Salesforce API timed out"));

    MutationError error = error(post(example("create-request.json")), ErrorCode.UPSTREAM_TIMEOUT);

    assertThat(error.message()).isEqualTo(exampleError("error-504-upstream-timeout.json"));
  }

  @Test
  void partialFailure_carriesAppliedRecordsAndFailures() {
    start();
    upstream.failAtRecord(1, UpstreamException.validation("Salesforce validation error: `bad`"));

    MutationError error =
        error(post(example("update-request.json")), ErrorCode.UPSTREAM_VALIDATION_ERROR);

    assertThat(error.message())
        .isEqualTo(
            "Error: records[1]: Salesforce validation error: `bad`"
                + " (1 of 2 records were applied; 1 was not: see failures)");
    assertThat(error.records()).hasSize(1);
    assertThat(error.failures())
        .containsExactly(new MutationError.Failure(1, "Error: Salesforce validation error: `bad`"));
  }

  @Test
  void requestId_isEchoed() {
    start();
    HttpResponse<byte[]> response =
        send(
            HttpRequest.newBuilder(endpoint)
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .header("X-Request-Id", "req-42")
                .POST(HttpRequest.BodyPublishers.ofString(example("create-request.json"))));

    assertThat(response.headers().firstValue("X-Request-Id")).contains("req-42");
  }
}
