package io.mutationapi.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationResult;
import io.mutationapi.internal.WireCodec;
import io.mutationapi.server.InMemoryIdempotencyStore;
import io.mutationapi.server.spi.Authenticator;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.MutationService;
import io.mutationapi.server.spi.Principal;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The neutral handler on its own, with a recording service: no sockets. */
class MutationHttpHandlerTest {
  static final String BODY =
      "{\"kind\":\"create\",\"sync_id\":\"s\",\"collection_id\":\"c\",\"records\":[{\"data\":{}}]}";
  static final Principal APP = Principal.of("app", "s");

  final List<Principal> principals = new ArrayList<>();
  MutationOutcome answer = new MutationOutcome.Success(new MutationResult(List.of()));
  final MutationService service =
      (request, principal) -> {
        principals.add(principal);
        return CompletableFuture.completedFuture(answer);
      };
  final Authenticator tokens =
      token -> token.equals("secret") ? Optional.of(APP) : Optional.empty();
  MutationHttpHandler handler = builder(service).authenticator(tokens).maxBodyBytes(1024).build();

  /** A builder with the in-memory idempotency store, which the handler has no default for. */
  static MutationHttpHandler.Builder builder(MutationService service) {
    return MutationHttpHandler.builder(service).idempotencyStore(InMemoryIdempotencyStore.create());
  }

  static HandlerRequest post(Map<String, String> headers, InputStream body) {
    Map<String, List<String>> multi = new HashMap<>();
    headers.forEach((k, v) -> multi.put(k, List.of(v)));
    return new HandlerRequest("POST", MutationHttpHandler.PATH, multi, body);
  }

  static Map<String, String> headers(String... pairs) {
    Map<String, String> map = new HashMap<>();
    map.put("authorization", "Bearer secret");
    map.put("content-type", "application/json");
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] == null) {
        map.remove(pairs[i]);
      } else {
        map.put(pairs[i], pairs[i + 1]);
      }
    }
    return map;
  }

  HandlerResponse handle(HandlerRequest request) {
    return handler.handle(request).toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }

  HandlerResponse post(String... headerPairs) {
    return handle(post(headers(headerPairs), body(BODY)));
  }

  static InputStream body(String json) {
    return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
  }

  static MutationError error(HandlerResponse response) {
    return WireCodec.standard().readError(response.status(), response.body());
  }

  @Test
  void validRequest_reachesTheServiceWithThePrincipal_andAnswers200() {
    HandlerResponse response = post();

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Type")).isEqualTo("application/json");
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"records\":[]}");
    assertThat(principals).containsExactly(APP);
  }

  @Test
  void bodyWithMoreJsonValuesThanTheLimit_is413NamingTheLimit_withOrWithoutAKey() {
    handler = builder(service).authenticator(tokens).maxJsonValues(20).build();
    String body = BODY.replace("{\"data\":{}}", "{\"data\":{\"a\":[" + "1,".repeat(30) + "1]}}");

    for (HandlerResponse response :
        List.of(
            handle(post(headers(), body(body))),
            handle(post(headers("Idempotency-Key", "k1"), body(body))))) {
      MutationError error = error(response);
      assertThat(response.status()).isEqualTo(413);
      assertThat(error.code()).contains(ErrorCode.PAYLOAD_TOO_LARGE);
      assertThat(error.message())
          .isEqualTo(
              "Error: records[0].data.a[12]: the body has more than 20 JSON values, the server's"
                  + " limit per request; send fewer or smaller records");
    }
    assertThat(principals).isEmpty();
  }

  @Test
  void errorBody_linksItsCodeInTheErrorReference() {
    HandlerResponse response = post("content-type", "text/plain");

    assertThat(error(response).docs())
        .containsExactly(MutationHttpHandler.DEFAULT_DOCS_URL + "#unsupported_media_type");
  }

  @Test
  void errorBody_docsUrlOfTheHost_orNoneWhenNull() {
    handler =
        builder(service).authenticator(tokens).docsUrl("https://docs.example.com/errors").build();
    assertThat(error(post("content-type", "text/plain")).docs())
        .containsExactly("https://docs.example.com/errors#unsupported_media_type");

    handler = builder(service).authenticator(tokens).docsUrl(null).build();
    assertThat(error(post("content-type", "text/plain")).docs()).isEmpty();
  }

  @Test
  void otherPath_isNotFound() {
    HandlerResponse response =
        handle(new HandlerRequest("POST", "/v1/mutations", Map.of(), body(BODY)));

    assertThat(response.status()).isEqualTo(404);
    assertThat(error(response).code()).contains(ErrorCode.NOT_FOUND);
    assertThat(principals).isEmpty();
  }

  @Test
  void otherMethod_isMethodNotAllowed_withAllowPost() {
    HandlerResponse response =
        handle(new HandlerRequest("GET", MutationHttpHandler.PATH, Map.of(), body("")));

    assertThat(response.status()).isEqualTo(405);
    assertThat(response.header("Allow")).isEqualTo("POST");
    assertThat(error(response).code()).contains(ErrorCode.METHOD_NOT_ALLOWED);
  }

  @Test
  void missingOrWrongToken_isUnauthorized_withWwwAuthenticate_beforeTheBodyIsRead() {
    InputStream untouchable = new ForbiddenInputStream();
    HandlerResponse missing = handle(post(headers("authorization", null), untouchable));
    HandlerResponse wrong = handle(post(headers("authorization", "Bearer nope"), untouchable));
    HandlerResponse basic = handle(post(headers("authorization", "Basic c2VjcmV0"), untouchable));

    for (HandlerResponse response : List.of(missing, wrong, basic)) {
      assertThat(response.status()).isEqualTo(401);
      assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
      assertThat(error(response).code()).contains(ErrorCode.UNAUTHORIZED);
    }
    assertThat(principals).isEmpty();
  }

  @Test
  void aTokenPaddedWithControlCharacters_isUnauthorized() {
    for (String value :
        List.of("Bearer \u0001secret\u0000", "Bearer secret\u0000", "\u0001Bearer secret")) {
      HandlerResponse response =
          handle(post(headers("authorization", value), new ForbiddenInputStream()));

      assertThat(response.status()).as(value).isEqualTo(401);
      assertThat(error(response).detail()).isEqualTo("Invalid bearer token");
    }
    assertThat(principals).isEmpty();
  }

  @Test
  void spacesAroundTheToken_areAllowed() {
    assertThat(post("authorization", "  Bearer   secret \t").status()).isEqualTo(200);
  }

  @Test
  void twoAuthorizationHeaders_areUnauthorized_inEitherOrder() {
    for (List<String> values :
        List.of(
            List.of("Bearer secret", "Bearer nope"),
            List.of("Bearer nope", "Bearer secret"),
            List.of("Bearer secret", "Bearer secret"))) {
      Map<String, List<String>> headers = new HashMap<>();
      headers.put("Authorization", values);
      headers.put("Content-Type", List.of("application/json"));

      HandlerResponse response =
          handle(
              new HandlerRequest(
                  "POST", MutationHttpHandler.PATH, headers, new ForbiddenInputStream()));

      assertThat(response.status()).as(values.toString()).isEqualTo(401);
    }
    assertThat(principals).isEmpty();
  }

  @Test
  void transportError_isTheEnvelope_withACodeThatFitsTheStatus() {
    HandlerResponse malformed = handler.transportError(400, "Malformed HTTP request", "req-1");
    HandlerResponse headers = handler.transportError(431, "Request headers are too large", null);
    HandlerResponse closing = handler.transportError(503, "Server is shutting down; retry", null);

    assertThat(error(malformed).code()).contains(ErrorCode.VALIDATION_ERROR);
    assertThat(error(malformed).message()).isEqualTo("Error: Malformed HTTP request");
    assertThat(malformed.header("X-Request-Id")).isEqualTo("req-1");
    assertThat(error(headers).code()).contains(ErrorCode.VALIDATION_ERROR);
    assertThat(headers.status()).isEqualTo(431);
    assertThat(headers.header("X-Request-Id")).isNotBlank();
    assertThat(error(closing).code()).contains(ErrorCode.UNAVAILABLE);
    assertThat(closing.header("Retry-After")).isEqualTo("1");
    assertThat(handler.transportError(413, "too large", "bad id\u0000").header("X-Request-Id"))
        .isNotEqualTo("bad id\u0000");
  }

  @Test
  void insecureHandler_needsNoToken() {
    handler = builder(service).insecureNoAuthentication().build();

    assertThat(post("authorization", null).status()).isEqualTo(200);
    assertThat(principals).containsExactly(Principal.ANONYMOUS);
  }

  @Test
  void contentTypeOtherThanJson_isUnsupportedMediaType() {
    assertThat(post("content-type", "text/plain").status()).isEqualTo(415);
    assertThat(post("content-type", null).status()).isEqualTo(415);
    assertThat(post("content-type", "application/json; charset=latin1").status()).isEqualTo(415);
    assertThat(post("content-type", "application/json; charset=UTF-8").status()).isEqualTo(200);
    assertThat(post("content-type", "Application/JSON").status()).isEqualTo(200);
  }

  @Test
  void declaredLengthOverTheLimit_isPayloadTooLarge_withoutReadingTheBody() {
    HandlerResponse response =
        handle(post(headers("content-length", "1025"), new ForbiddenInputStream()));

    assertThat(response.status()).isEqualTo(413);
    assertThat(error(response).code()).contains(ErrorCode.PAYLOAD_TOO_LARGE);
  }

  @Test
  void endlessBody_isPayloadTooLarge_afterReadingNoMoreThanTheLimit() {
    EndlessInputStream endless = new EndlessInputStream();

    HandlerResponse response = handle(post(headers(), endless));

    assertThat(response.status()).isEqualTo(413);
    assertThat(endless.read.get()).isLessThanOrEqualTo(1025);
  }

  @Test
  void malformedBody_isAValidationError_namingThePath() {
    HandlerResponse response =
        handle(
            post(
                headers(),
                body(
                    "{\"kind\":\"create\",\"sync_id\":\"s\",\"collection_id\":\"c\","
                        + "\"records\":[{\"data\":{}}],\"await_consumers_ids\":[\"x\"]}")));

    assertThat(response.status()).isEqualTo(400);
    assertThat(error(response).code()).contains(ErrorCode.VALIDATION_ERROR);
    assertThat(error(response).message())
        .startsWith("Error: ")
        .contains("await_consumers_ids")
        .contains("await_consumer_ids");
    assertThat(principals).isEmpty();
  }

  @Test
  void requestId_isEchoed_orGenerated() {
    assertThat(post("x-request-id", "abc-123").header("X-Request-Id")).isEqualTo("abc-123");
    assertThat(post().header("X-Request-Id")).isNotBlank();
    assertThat(post("x-request-id", "bad id\n").header("X-Request-Id")).isNotEqualTo("bad id\n");
  }

  @Test
  void generatedRequestIds_areVersion4Uuids_andDistinct() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      String id = RequestIds.newId();
      UUID uuid = UUID.fromString(id);
      assertThat(uuid.toString()).isEqualTo(id);
      assertThat(uuid.version()).isEqualTo(4);
      assertThat(uuid.variant()).isEqualTo(2);
      assertThat(seen.add(id)).as("id %s repeated", id).isTrue();
    }
  }

  @Test
  void everyErrorCarriesTheRequestId() {
    HandlerResponse response =
        handle(new HandlerRequest("GET", "/", Map.of("X-Request-Id", List.of("r-1")), body("")));

    assertThat(response.header("X-Request-Id")).isEqualTo("r-1");
  }

  @Test
  void rateLimitedAndUnavailable_carryRetryAfterInWholeSeconds() {
    answer =
        new MutationOutcome.Failure(
            MutationError.of(ErrorCode.RATE_LIMITED, "slow down"),
            Optional.of(Duration.ofMillis(2500)),
            Optional.empty());
    assertThat(post().header("Retry-After")).isEqualTo("3");

    answer = new MutationOutcome.Failure(MutationError.of(ErrorCode.UNAVAILABLE, "busy"));
    assertThat(post().header("Retry-After")).isEqualTo("1");
  }

  @Test
  void serviceThatThrows_isAGenericInternalError() {
    handler =
        builder(
                (request, principal) -> {
                  throw new IllegalStateException("at com.secret.Internals");
                })
            .authenticator(tokens)
            .build();

    HandlerResponse response = post();

    assertThat(response.status()).isEqualTo(500);
    assertThat(error(response).code()).contains(ErrorCode.INTERNAL_ERROR);
    assertThat(new String(response.body(), StandardCharsets.UTF_8))
        .doesNotContain("secret")
        .doesNotContain("Exception");
  }

  @Test
  void serviceStageThatFails_isAGenericInternalError() {
    handler =
        builder(
                (request, principal) ->
                    CompletableFuture.failedFuture(new IllegalStateException("internals")))
            .authenticator(tokens)
            .build();

    HandlerResponse response = post();

    assertThat(response.status()).isEqualTo(500);
    assertThat(error(response).message()).isEqualTo("Error: Internal server error");
  }

  @Test
  void requestDescription_neverShowsTheToken() {
    assertThat(post(headers(), body(BODY)).toString())
        .doesNotContain("secret")
        .contains("authorization");
  }

  @Test
  void handlerBuilder_withoutAuthenticationChoice_fails() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> MutationHttpHandler.builder(service).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("insecureNoAuthentication()");
  }

  @Test
  void handlerBuilder_withoutIdempotencyStore_failsNamingIt() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> MutationHttpHandler.builder(service).insecureNoAuthentication().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("idempotencyStore(...)");
  }

  /** Fails the test if anyone reads it. */
  static final class ForbiddenInputStream extends InputStream {
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public int read() {
      throw new AssertionError("the body must not be read");
    }

    @Override
    public int read(byte[] b, int off, int len) {
      throw new AssertionError("the body must not be read");
    }
  }

  /** A JSON prefix followed by whitespace forever; counts what was read. */
  static final class EndlessInputStream extends InputStream {
    final byte[] prefix = "{\"kind\":\"create\",\"records\":[".getBytes(StandardCharsets.UTF_8);
    final AtomicLong read = new AtomicLong();

    @Override
    public int read() {
      long n = read.getAndIncrement();
      return n < prefix.length ? prefix[(int) n] : ' ';
    }

    @Override
    public int read(byte[] b, int off, int len) {
      for (int i = 0; i < len; i++) {
        b[off + i] = (byte) read();
      }
      return len;
    }
  }
}
