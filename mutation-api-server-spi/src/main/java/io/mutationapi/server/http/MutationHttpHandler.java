package io.mutationapi.server.http;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.internal.IdempotencyKeys;
import io.mutationapi.internal.WireCodec;
import io.mutationapi.internal.WireException;
import io.mutationapi.internal.WireLimits;
import io.mutationapi.server.InMemoryIdempotencyStore;
import io.mutationapi.server.MutationOutcome;
import io.mutationapi.server.MutationService;
import io.mutationapi.server.Principal;
import io.mutationapi.server.spi.Authenticator;
import io.mutationapi.server.spi.IdempotencyStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/mutations/run} as one framework-neutral async function: {@link
 * #handle(HandlerRequest)}.
 *
 * <p>It does everything the wire contract says about HTTP, in its order: route ({@code 404}, and
 * {@code 405} with {@code Allow: POST}), authenticate before reading the body ({@code 401} with
 * {@code WWW-Authenticate: Bearer}), check the content type ({@code 415}) and the size while
 * reading ({@code 413} as soon as the limit is passed, without buffering the rest), parse and
 * validate ({@code 400} naming the JSON path), then run the mutation on the {@link MutationService}
 * and encode its outcome. Every response carries {@code X-Request-Id}: the caller's, or a generated
 * one. 5xx bodies never contain internals; unexpected exceptions are logged with the request id.
 *
 * <p>One line per request is logged at INFO (WARN for 5xx) on logger {@code
 * io.mutationapi.server.http.MutationHttpHandler}: request id, principal, sync, collection, kind,
 * record count, status, the error code of a failed request ({@code error=-} otherwise), whether the
 * answer is an idempotent replay ({@code replayed=true}) and duration; never tokens or record data.
 *
 * <p>Threading: {@code handle} reads the body on the calling thread, then returns a stage that
 * completes when the mutation is done; no thread is held while the request waits for consumers.
 * Thread-safe; share one instance.
 */
public final class MutationHttpHandler {
  /** The one path this handler serves. */
  public static final String PATH = "/v1/mutations/run";

  /** The idempotency key header (an extension of the wire contract). */
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  /** The request id header, echoed or generated. */
  public static final String REQUEST_ID = "X-Request-Id";

  /**
   * Where error bodies' {@code docs} point by default: the error reference in this project's
   * repository, with the error code as the anchor.
   */
  public static final String DEFAULT_DOCS_URL =
      "https://github.com/mutation-api/mutation-api/blob/main/docs/errors.md";

  /** The most requests answered at once unless {@link Builder#maxInFlightRequests} says else. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 10_000;

  private static final Logger log = LoggerFactory.getLogger(MutationHttpHandler.class);
  private static final int MAX_REQUEST_ID_LENGTH = 200;

  private final MutationService service;
  private final Authenticator authenticator;
  private final long maxBodyBytes;
  private final WireCodec codec;
  private final StoreCalls idempotencyStore;
  private final String docsUrl;
  private final int maxInFlight;
  private final AtomicInteger inFlight = new AtomicInteger();

  private MutationHttpHandler(Builder b) {
    this.maxInFlight = b.maxInFlight;
    this.docsUrl = b.docsUrl;
    this.service = b.service;
    this.authenticator = b.authenticator;
    this.maxBodyBytes = b.maxBodyBytes;
    this.codec = new WireCodec(new WireLimits(b.maxRecords, b.maxAwaitTimeout, b.maxJsonValues));
    this.idempotencyStore =
        new StoreCalls(
            b.idempotencyStore != null ? b.idempotencyStore : InMemoryIdempotencyStore.create());
  }

  /** Returns a builder of a handler that runs mutations on {@code service}. */
  public static Builder builder(MutationService service) {
    return new Builder(service);
  }

  /**
   * Answers {@code request}. The returned stage always completes normally, with an error response
   * for every failure.
   */
  public CompletionStage<HandlerResponse> handle(HandlerRequest request) {
    long start = System.nanoTime();
    String requestId = requestId(request);
    Exchange exchange = new Exchange(requestId, start);
    if (inFlight.incrementAndGet() > maxInFlight) {
      // Refused before the body is read: nothing is queued, nothing is held.
      inFlight.decrementAndGet();
      exchange.header("Retry-After", "1");
      return exchange
          .error(
              MutationError.of(
                  ErrorCode.UNAVAILABLE, "Server overloaded: too many requests in flight; retry"))
          .thenApply(exchange::finish);
    }
    CompletionStage<HandlerResponse> response;
    try {
      response =
          respond(request, exchange)
              .exceptionally(error -> exchange.unexpected(error))
              .thenApply(exchange::finish);
    } catch (RuntimeException e) {
      response = CompletableFuture.completedFuture(exchange.finish(exchange.unexpected(e)));
    }
    return response.whenComplete((r, e) -> inFlight.decrementAndGet());
  }

  /** Returns how many requests this handler is answering now; for tests and metrics. */
  int inFlight() {
    return inFlight.get();
  }

  private CompletionStage<HandlerResponse> respond(HandlerRequest request, Exchange exchange) {
    if (!PATH.equals(request.path())) {
      return exchange.error(
          MutationError.of(ErrorCode.NOT_FOUND, "Not found; the endpoint is POST " + PATH));
    }
    if (!"POST".equals(request.method())) {
      exchange.header("Allow", "POST");
      return exchange.error(
          MutationError.of(
              ErrorCode.METHOD_NOT_ALLOWED,
              "Method " + safe(request.method()) + " not allowed; use POST"));
    }
    Principal principal;
    Optional<String> token = Optional.empty();
    if (authenticator == null) {
      principal = Principal.ANONYMOUS;
    } else {
      Credentials credentials = credentials(request);
      token = credentials.token();
      Optional<Principal> found = token.flatMap(authenticator::authenticate);
      if (found.isEmpty()) {
        exchange.header("WWW-Authenticate", "Bearer");
        return exchange.error(
            MutationError.of(
                ErrorCode.UNAUTHORIZED,
                credentials == Credentials.MISSING
                    ? "Missing bearer token: send Authorization: Bearer <token>"
                    : "Invalid bearer token"));
      }
      principal = found.get();
    }
    exchange.principal = principal.name();
    if (!isJson(request.header("Content-Type"))) {
      return exchange.error(
          MutationError.of(
              ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json"));
    }
    Optional<String> length = request.header("Content-Length");
    if (length.isPresent() && tooLarge(length.get())) {
      return exchange.error(tooLarge());
    }
    Optional<String> idempotencyKey = request.header(IDEMPOTENCY_KEY);
    if (idempotencyKey.isPresent()) {
      // Keys are scoped to the token that sent them, so keys of different tokens never meet.
      String scope = token.map(MutationHttpHandler::scopeOf).orElse("anonymous");
      return idempotent(request, principal, scope, idempotencyKey.get(), exchange);
    }
    // Without a key the body is parsed as it arrives, never buffered whole.
    return parseAndRun(new LimitedInputStream(request.body(), maxBodyBytes), principal, exchange);
  }

  private CompletionStage<HandlerResponse> parseAndRun(
      InputStream body, Principal principal, Exchange exchange) {
    MutationRequest mutation;
    try {
      mutation = codec.readRequest(body);
    } catch (WireException e) {
      return exchange.error(MutationError.of(e.code(), e.getMessage()));
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof BodyTooLargeException) {
        return exchange.error(tooLarge());
      }
      return exchange.error(
          MutationError.of(ErrorCode.VALIDATION_ERROR, "Could not read the request body"));
    }
    exchange.describe(mutation);
    return service.run(mutation, principal).thenApply(exchange::outcome);
  }

  /** Runs a request with an {@code Idempotency-Key}: at most once per (token, key). */
  private CompletionStage<HandlerResponse> idempotent(
      HandlerRequest request, Principal principal, String scope, String key, Exchange exchange) {
    if (!IdempotencyKeys.isValid(key)) {
      return exchange.error(
          MutationError.of(
              ErrorCode.VALIDATION_ERROR,
              IDEMPOTENCY_KEY + ": must be 1 to 255 printable ASCII characters"));
    }
    byte[] body;
    try {
      body = new LimitedInputStream(request.body(), maxBodyBytes).readAllBytes();
    } catch (BodyTooLargeException e) {
      return exchange.error(tooLarge());
    } catch (IOException e) {
      return exchange.error(
          MutationError.of(ErrorCode.VALIDATION_ERROR, "Could not read the request body"));
    }
    return idempotencyStore
        .claim(scope, key, sha256(body))
        .handle(
            (claim, claimError) -> {
              if (claimError != null) {
                return storeUnavailable(exchange, claimError);
              }
              return afterClaim(claim, body, principal, scope, key, exchange);
            })
        .thenCompose(stage -> stage);
  }

  /**
   * The store could not claim the key: nothing was parsed or run, so the caller may retry safely.
   */
  private CompletionStage<HandlerResponse> storeUnavailable(Exchange exchange, Throwable error) {
    exchange.cause = error;
    exchange.header("Retry-After", "1");
    return exchange.error(
        MutationError.of(
            ErrorCode.UNAVAILABLE,
            "The idempotency store is unavailable; the request was not run. Retry with the same"
                + " Idempotency-Key"));
  }

  private CompletionStage<HandlerResponse> afterClaim(
      IdempotencyStore.Claim claim,
      byte[] body,
      Principal principal,
      String scope,
      String key,
      Exchange exchange) {
    if (claim instanceof IdempotencyStore.Claim.InProgress) {
      return exchange.error(
          MutationError.of(
              ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS,
              "A request with this Idempotency-Key is still running; retry later"));
    }
    if (claim instanceof IdempotencyStore.Claim.Mismatch) {
      return exchange.error(
          MutationError.of(
              ErrorCode.IDEMPOTENCY_KEY_REUSED,
              "This Idempotency-Key was used with a different request body"));
    }
    if (claim instanceof IdempotencyStore.Claim.Abandoned) {
      // Never run again blindly: the first request may have reached the upstream.
      return exchange.error(
          MutationError.of(
              ErrorCode.INTERNAL_ERROR,
              "The first request with this Idempotency-Key never finished: it may or may not have"
                  + " been applied. Check the records before sending it again under a new key"));
    }
    if (claim instanceof IdempotencyStore.Claim.Completed) {
      IdempotencyStore.StoredResponse stored =
          ((IdempotencyStore.Claim.Completed) claim).response();
      exchange.header("Idempotent-Replayed", "true");
      exchange.replayed = true;
      return CompletableFuture.completedFuture(exchange.response(stored.status(), stored.body()));
    }
    CompletionStage<HandlerResponse> ran;
    try {
      ran = parseAndRun(new ByteArrayInputStream(body), principal, exchange);
    } catch (RuntimeException e) {
      ran = CompletableFuture.failedFuture(e);
    }
    return ran.handle(
            (response, error) -> {
              Optional<IdempotencyStore.StoredResponse> keep =
                  error == null && exchange.executed
                      ? Optional.of(
                          new IdempotencyStore.StoredResponse(response.status(), response.body()))
                      : Optional.empty();
              return idempotencyStore
                  .finish(scope, key, keep, exchange.requestId)
                  .handle(
                      (ignored, finishError) -> {
                        if (error != null) {
                          throw new CompletionException(error);
                        }
                        if (finishError != null && keep.isPresent()) {
                          return exchange.notStored(finishError);
                        }
                        return response;
                      });
            })
        .thenCompose(stage -> stage);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  /** A scope for idempotency keys: the token's digest, so keys of different tokens never meet. */
  private static String scopeOf(String token) {
    byte[] digest = sha256(token.getBytes(StandardCharsets.UTF_8));
    StringBuilder hex = new StringBuilder(digest.length * 2);
    for (byte b : digest) {
      hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return hex.toString();
  }

  private MutationError tooLarge() {
    return MutationError.of(
        ErrorCode.PAYLOAD_TOO_LARGE, "Request body is larger than " + maxBodyBytes + " bytes");
  }

  private boolean tooLarge(String contentLength) {
    try {
      return Long.parseLong(contentLength.trim()) > maxBodyBytes;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * The bearer token of the request, read strictly: exactly one {@code Authorization} header, the
   * scheme {@code Bearer}, one or more spaces, then a token of visible ASCII characters only. Any
   * other form is treated as no valid token, so that a token padded with control characters, or two
   * headers in either order, are refused alike.
   */
  static Credentials credentials(HandlerRequest request) {
    List<String> headers = request.headers().get("Authorization");
    if (headers == null || headers.isEmpty()) {
      return Credentials.MISSING;
    }
    if (headers.size() > 1) {
      return Credentials.INVALID;
    }
    String value = stripSpaces(headers.get(0));
    if (value.isEmpty()) {
      return Credentials.MISSING;
    }
    if (value.length() <= 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Credentials.INVALID;
    }
    String token = stripSpaces(value.substring(7));
    return token.isEmpty() || !isVisibleAscii(token)
        ? Credentials.INVALID
        : new Credentials(Optional.of(token));
  }

  /** Strips the optional whitespace HTTP allows around a field value (spaces and tabs only). */
  private static String stripSpaces(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
      end--;
    }
    return value.substring(start, end);
  }

  /**
   * What the {@code Authorization} header holds: a usable token, nothing, or something unusable.
   */
  record Credentials(Optional<String> token) {
    static final Credentials MISSING = new Credentials(Optional.empty());
    static final Credentials INVALID = new Credentials(Optional.empty());
  }

  private static boolean isJson(Optional<String> contentType) {
    if (contentType.isEmpty()) {
      return false;
    }
    if (contentType.get().equalsIgnoreCase("application/json")) {
      return true;
    }
    String[] parts = contentType.get().split(";");
    if (!parts[0].trim().equalsIgnoreCase("application/json")) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String[] param = parts[i].trim().split("=", 2);
      if (param.length == 2 && param[0].trim().equalsIgnoreCase("charset")) {
        String charset = param[1].trim().replace("\"", "").toLowerCase(Locale.ROOT);
        if (!charset.equals("utf-8") && !charset.equals("utf8")) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Returns the answer to a request that an HTTP binding refuses before this handler sees it: a
   * malformed request line or framing, headers over the server's limit, a server shutting down. The
   * body is the JSON error envelope with code {@code payload_too_large} for 413, {@code
   * unavailable} (and {@code Retry-After: 1}) for 503, {@code internal_error} for other 5xx except
   * 501 and 505, and {@code validation_error} for every other status; the response carries {@code
   * sentRequestId} as {@code X-Request-Id} if it is usable, else a new id.
   *
   * @param status the HTTP status, 400 to 599
   * @param detail the message without the {@code "Error: "} prefix; it must not echo the request
   * @param sentRequestId the request's {@code X-Request-Id}, or null if none was read
   * @throws IllegalArgumentException if {@code status} is not 400 to 599
   */
  public HandlerResponse transportError(int status, String detail, String sentRequestId) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be 400 to 599: " + status);
    }
    Objects.requireNonNull(detail, "detail");
    ErrorCode code;
    if (status == 413) {
      code = ErrorCode.PAYLOAD_TOO_LARGE;
    } else if (status == 503) {
      code = ErrorCode.UNAVAILABLE;
    } else if (status >= 500 && status != 501 && status != 505) {
      code = ErrorCode.INTERNAL_ERROR;
    } else {
      code = ErrorCode.VALIDATION_ERROR;
    }
    MutationError error =
        new MutationError(
            status,
            Optional.of(code),
            MutationError.MESSAGE_PREFIX + detail,
            List.of(),
            List.of(),
            List.of(),
            List.of());
    String id = sentRequestId;
    if (id == null || id.isEmpty() || id.length() > MAX_REQUEST_ID_LENGTH || !isVisibleAscii(id)) {
      id = newRequestId();
    }
    Map<String, String> headers =
        status == 503
            ? Map.of("Content-Type", "application/json", REQUEST_ID, id, "Retry-After", "1")
            : Map.of("Content-Type", "application/json", REQUEST_ID, id);
    return new HandlerResponse(status, headers, errorBody(error));
  }

  private static String requestId(HandlerRequest request) {
    Optional<String> sent = request.header(REQUEST_ID);
    if (sent.isPresent()) {
      String id = sent.get().trim();
      if (!id.isEmpty() && id.length() <= MAX_REQUEST_ID_LENGTH && isVisibleAscii(id)) {
        return id;
      }
    }
    return newRequestId();
  }

  /**
   * Returns a new request id: a random (version 4) UUID. Request ids must be unique, not secret, so
   * they come from {@link ThreadLocalRandom} rather than the shared {@code SecureRandom} behind
   * {@link UUID#randomUUID()}, which every request thread would otherwise queue on.
   */
  static String newRequestId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xf000L) | 0x4000L;
    long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  private static boolean isVisibleAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** A value from the request, fit for one log line: no control characters, not too long. */
  private static String loggable(String value) {
    StringBuilder out = new StringBuilder(Math.min(value.length(), 100));
    for (int i = 0; i < value.length() && i < 100; i++) {
      char c = value.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    return value.length() > 100 ? out.append("...").toString() : out.toString();
  }

  /** A method name fit for a message and a log: short and printable. */
  private static String safe(String method) {
    return method.length() <= 16 && isVisibleAscii(method) ? method : "?";
  }

  /** What one request has told us so far, for its response and its log line. */
  private final class Exchange {
    final String requestId;
    final long start;
    // Headers beyond Content-Type and X-Request-Id; most responses have none.
    Map<String, String> headers;
    String principal = "-";
    boolean executed;
    MutationOutcome ran;
    String sync = "-";
    String collection = "-";
    String kind = "-";
    int count;
    boolean replayed;
    String errorCode = "-";
    Throwable cause;

    Exchange(String requestId, long start) {
      this.requestId = requestId;
      this.start = start;
    }

    void describe(MutationRequest mutation) {
      // Made loggable only if a line is written (see finish).
      sync = mutation.syncId();
      collection = mutation.collectionId();
      kind = mutation.kind().wireName();
      count = mutation.size();
    }

    CompletionStage<HandlerResponse> error(MutationError error) {
      noteCode(error);
      return CompletableFuture.completedFuture(response(error.status(), errorBody(error)));
    }

    HandlerResponse outcome(MutationOutcome outcome) {
      ran = outcome;
      if (outcome instanceof MutationOutcome.Success) {
        executed = true;
        return response(200, codec.writeResult(((MutationOutcome.Success) outcome).result()));
      }
      MutationOutcome.Failure failure = (MutationOutcome.Failure) outcome;
      executed = reachedTheUpstream(failure.error());
      noteCode(failure.error());
      failure.cause().ifPresent(c -> cause = c);
      int status = failure.error().status();
      Optional<Duration> retryAfter = failure.retryAfter();
      if (retryAfter.isEmpty() && (status == 429 || status == 503)) {
        retryAfter = Optional.of(Duration.ofSeconds(1));
      }
      retryAfter.ifPresent(d -> header("Retry-After", Long.toString(Math.max(1, ceilSeconds(d)))));
      return response(status, errorBody(failure.error()));
    }

    /**
     * The request ran but its response could not be stored for its key: not the response (a resend
     * would not get it back), but an error that says so, with the records if it succeeded.
     */
    HandlerResponse notStored(Throwable error) {
      cause = error;
      headers = null;
      MutationError e =
          MutationError.of(
              ErrorCode.INTERNAL_ERROR,
              "The request ran, but its answer could not be stored for its Idempotency-Key; a"
                  + " resend with the key is answered 409, and once the claim is abandoned an"
                  + " error, never run twice. Check the records before sending it under a new"
                  + " key");
      if (ran instanceof MutationOutcome.Success) {
        e = e.withRecords(((MutationOutcome.Success) ran).result().records());
      } else if (ran instanceof MutationOutcome.Failure) {
        e = e.withRecords(((MutationOutcome.Failure) ran).error().records());
      }
      noteCode(e);
      return response(500, errorBody(e));
    }

    void noteCode(MutationError error) {
      errorCode = error.code().map(code -> loggable(code.value())).orElse("-");
    }

    HandlerResponse unexpected(Throwable error) {
      cause = error;
      errorCode = ErrorCode.INTERNAL_ERROR.value();
      headers = null;
      return response(
          500, errorBody(MutationError.of(ErrorCode.INTERNAL_ERROR, "Internal server error")));
    }

    HandlerResponse response(int status, byte[] body) {
      if (headers == null) {
        return new HandlerResponse(
            status, Map.of("Content-Type", "application/json", REQUEST_ID, requestId), body);
      }
      headers.put("Content-Type", "application/json");
      headers.put(REQUEST_ID, requestId);
      return new HandlerResponse(status, headers, body);
    }

    void header(String name, String value) {
      if (headers == null) {
        headers = new HashMap<>();
      }
      headers.put(name, value);
    }

    HandlerResponse finish(HandlerResponse response) {
      boolean serverError = response.status() >= 500;
      if (serverError ? !log.isWarnEnabled() : !log.isInfoEnabled()) {
        return response;
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      String line =
          "request_id={} principal={} sync={} collection={} kind={} count={} status={}"
              + " error={} replayed={} duration_ms={}";
      Object[] args = {
        requestId,
        principal,
        loggable(sync),
        loggable(collection),
        kind,
        count,
        response.status(),
        replayed ? replayedCode(response) : errorCode,
        replayed,
        millis
      };
      if (serverError) {
        if (cause != null) {
          Object[] withCause = java.util.Arrays.copyOf(args, args.length + 1);
          withCause[args.length] = cause;
          log.warn(line, withCause);
        } else {
          log.warn(line, args);
        }
      } else {
        log.info(line, args);
      }
      return response;
    }
  }

  /**
   * The error code of a replayed response for the access log, read back from the stored body, which
   * an earlier request wrote; {@code -} for a success.
   */
  private String replayedCode(HandlerResponse response) {
    if (response.status() < 400) {
      return "-";
    }
    try {
      return codec
          .readError(response.status(), response.body())
          .code()
          .map(code -> loggable(code.value()))
          .orElse("-");
    } catch (RuntimeException e) {
      return "-";
    }
  }

  /**
   * Whether a failure happened after the upstream was called, so that a retry must get the same
   * answer rather than run again. Failures before it (validation, 429, 503) let the key be reused.
   */
  private static boolean reachedTheUpstream(MutationError error) {
    if (!error.records().isEmpty()) {
      return true;
    }
    Optional<ErrorCode> code = error.code();
    return code.isPresent()
        && (code.get().equals(ErrorCode.UPSTREAM_VALIDATION_ERROR)
            || code.get().equals(ErrorCode.UPSTREAM_ERROR)
            || code.get().equals(ErrorCode.UPSTREAM_TIMEOUT)
            || code.get().equals(ErrorCode.CONSUMERS_TIMEOUT));
  }

  private static long ceilSeconds(Duration d) {
    long seconds = d.getSeconds();
    return d.getNano() > 0 ? seconds + 1 : seconds;
  }

  /** Thrown by {@link LimitedInputStream} when the body passes the limit. */
  static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException(long limit) {
      super("body larger than " + limit + " bytes");
    }
  }

  /** Fails as soon as more than {@code limit} bytes have been read, so nothing more is buffered. */
  static final class LimitedInputStream extends InputStream {
    private final InputStream in;
    private final long limit;
    private long read;

    LimitedInputStream(InputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      // Never ask for more than one byte past the limit.
      long allowed = limit - read + 1;
      int n = in.read(buffer, offset, (int) Math.min(length, allowed));
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws IOException {
      read += n;
      if (read > limit) {
        throw new BodyTooLargeException(limit);
      }
    }

    @Override
    public void close() {
      // The binding owns the stream.
    }
  }

  /** Writes an error body, linking its code's entry in the error reference. */
  private byte[] errorBody(MutationError error) {
    if (docsUrl != null && error.docs().isEmpty() && error.code().isPresent()) {
      error = error.withDocs(List.of(docsUrl + "#" + error.code().get().value()));
    }
    return codec.writeError(error);
  }

  /** Builds a {@link MutationHttpHandler}. Not thread-safe. */
  public static final class Builder {
    private final MutationService service;
    private String docsUrl = DEFAULT_DOCS_URL;
    private Authenticator authenticator;
    private boolean insecure;
    private long maxBodyBytes = 8L * 1024 * 1024;
    private int maxRecords = WireLimits.DEFAULT.maxRecords();
    private Duration maxAwaitTimeout = WireLimits.DEFAULT.maxAwaitTimeout();
    private int maxJsonValues = WireLimits.DEFAULT.maxJsonValues();
    private IdempotencyStore idempotencyStore;
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;

    Builder(MutationService service) {
      this.service = Objects.requireNonNull(service, "service");
    }

    /** Sets how bearer tokens are checked. */
    public Builder authenticator(Authenticator authenticator) {
      this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
      return this;
    }

    /** Accepts requests without a token, as {@link Principal#ANONYMOUS}. For local demos only. */
    public Builder insecureNoAuthentication() {
      this.insecure = true;
      return this;
    }

    /**
     * Sets where responses to requests with an {@code Idempotency-Key} are kept; the default is an
     * {@link InMemoryIdempotencyStore}.
     */
    public Builder idempotencyStore(IdempotencyStore idempotencyStore) {
      this.idempotencyStore = Objects.requireNonNull(idempotencyStore, "idempotencyStore");
      return this;
    }

    /**
     * Sets the page that error bodies' {@code docs} link to, with {@code #<code>} appended; the
     * default is {@link #DEFAULT_DOCS_URL}. Null sends an empty {@code docs} array.
     */
    public Builder docsUrl(String docsUrl) {
      this.docsUrl = docsUrl;
      return this;
    }

    /** Sets the largest body, in bytes; the default is 8 MiB. */
    public Builder maxBodyBytes(long maxBodyBytes) {
      if (maxBodyBytes < 1) {
        throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * Sets the most requests answered at once, those waiting for consumers included; beyond it a
     * request is answered {@code 503 unavailable} with {@code Retry-After: 1} before its body is
     * read. The default is {@link #DEFAULT_MAX_IN_FLIGHT}.
     */
    public Builder maxInFlightRequests(int maxInFlight) {
      if (maxInFlight < 1) {
        throw new IllegalArgumentException("maxInFlight must be positive: " + maxInFlight);
      }
      this.maxInFlight = maxInFlight;
      return this;
    }

    /** Sets the most records per request and the longest await timeout the body may ask for. */
    public Builder limits(int maxRecords, Duration maxAwaitTimeout) {
      this.maxRecords = maxRecords;
      this.maxAwaitTimeout = Objects.requireNonNull(maxAwaitTimeout, "maxAwaitTimeout");
      return this;
    }

    /**
     * Sets the most JSON values one body may hold (see {@code
     * MutationServer.Builder#maxJsonValuesPerRequest}); beyond it the request is answered {@code
     * 413 payload_too_large} while its body is read. The default is 500,000.
     */
    public Builder maxJsonValues(int maxJsonValues) {
      if (maxJsonValues < 1) {
        throw new IllegalArgumentException("maxJsonValues must be positive: " + maxJsonValues);
      }
      this.maxJsonValues = maxJsonValues;
      return this;
    }

    /**
     * Returns the handler.
     *
     * @throws IllegalStateException if neither an authenticator nor {@link
     *     #insecureNoAuthentication()} was chosen, or both were
     */
    public MutationHttpHandler build() {
      if (authenticator == null && !insecure) {
        throw new IllegalStateException(
            "authentication is required: call authenticator(...), or insecureNoAuthentication()"
                + " for a local demo");
      }
      if (authenticator != null && insecure) {
        throw new IllegalStateException(
            "choose one of authenticator(...) and insecureNoAuthentication()");
      }
      return new MutationHttpHandler(this);
    }
  }
}
