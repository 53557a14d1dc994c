package io.mutationapi.server.http;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.internal.WireException;
import io.mutationapi.internal.WireLimits;
import io.mutationapi.server.spi.Authenticator;
import io.mutationapi.server.spi.IdempotencyStore;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.MutationService;
import io.mutationapi.server.spi.Principal;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

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
 * <p>HTTP begins here: the engine behind the {@link MutationService} answers with wire values
 * ({@link io.mutationapi.server.spi.MutationOutcome}), and this handler alone turns them into
 * statuses, headers and bodies, and keeps the idempotency store's responses.
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

  /** The largest request body, in bytes, unless {@link Builder#maxBodyBytes} says else: 8 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 8L * 1024 * 1024;

  /**
   * The most JSON values one request body may hold unless {@link Builder#maxJsonValues} says else:
   * 500,000.
   */
  public static final int DEFAULT_MAX_JSON_VALUES = WireLimits.DEFAULT.maxJsonValues();

  private final MutationService service;
  private final Authenticator authenticator;
  private final HandlerSettings settings;
  private final Bodies bodies;
  private final IdempotentRequests idempotent;
  private final AtomicInteger inFlight = new AtomicInteger();

  private MutationHttpHandler(
      MutationService service,
      Authenticator authenticator,
      IdempotencyStore idempotencyStore,
      HandlerSettings settings) {
    this.service = service;
    this.authenticator = authenticator;
    this.settings = settings;
    this.bodies = new Bodies(settings);
    this.idempotent =
        new IdempotentRequests(idempotencyStore, settings.maxBodyBytes(), this::parseAndRun);
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
    Exchange exchange = new Exchange(RequestIds.of(request), start, bodies);
    if (inFlight.incrementAndGet() > settings.maxInFlight()) {
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

  /** Routing, authentication, content type and declared size, in the wire contract's order. */
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
      BearerCredentials credentials = BearerCredentials.of(request);
      token = credentials.token();
      Optional<Principal> found = token.flatMap(authenticator::authenticate);
      if (found.isEmpty()) {
        exchange.header("WWW-Authenticate", "Bearer");
        return exchange.error(
            MutationError.of(
                ErrorCode.UNAUTHORIZED,
                credentials == BearerCredentials.MISSING
                    ? "Missing bearer token: send Authorization: Bearer <token>"
                    : "Invalid bearer token"));
      }
      principal = found.get();
    }
    exchange.principal = principal.name();
    if (!ContentType.isJson(request.header("Content-Type"))) {
      return exchange.error(
          MutationError.of(
              ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json"));
    }
    Optional<String> length = request.header("Content-Length");
    if (length.isPresent() && tooLarge(length.get())) {
      return exchange.error(tooLarge(settings.maxBodyBytes()));
    }
    Optional<String> idempotencyKey = request.header(IDEMPOTENCY_KEY);
    if (idempotencyKey.isPresent()) {
      // Keys are scoped to the token that sent them, so keys of different tokens never meet.
      String scope = token.map(IdempotentRequests::scopeOf).orElse("anonymous");
      return idempotent.run(request, principal, scope, idempotencyKey.get(), exchange);
    }
    // Without a key the body is parsed as it arrives, never buffered whole.
    return parseAndRun(
        new LimitedInputStream(request.body(), settings.maxBodyBytes()), principal, exchange);
  }

  private CompletionStage<HandlerResponse> parseAndRun(
      InputStream body, Principal principal, Exchange exchange) {
    MutationRequest mutation;
    try {
      mutation = bodies.request(body);
    } catch (WireException e) {
      return exchange.error(MutationError.of(e.code(), e.getMessage()));
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof LimitedInputStream.BodyTooLargeException) {
        return exchange.error(tooLarge(settings.maxBodyBytes()));
      }
      return exchange.error(
          MutationError.of(ErrorCode.VALIDATION_ERROR, "Could not read the request body"));
    }
    exchange.describe(mutation);
    return service.run(mutation, principal, exchange.requestId).thenApply(exchange::outcome);
  }

  static MutationError tooLarge(long maxBodyBytes) {
    return MutationError.of(
        ErrorCode.PAYLOAD_TOO_LARGE, "Request body is larger than " + maxBodyBytes + " bytes");
  }

  private boolean tooLarge(String contentLength) {
    try {
      return Long.parseLong(contentLength.trim()) > settings.maxBodyBytes();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** A method name fit for a message and a log: short and printable. */
  private static String safe(String method) {
    return method.length() <= 16 && RequestIds.isVisibleAscii(method) ? method : "?";
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
    String id = RequestIds.usableOrNew(sentRequestId);
    Map<String, String> headers =
        status == 503
            ? Map.of("Content-Type", "application/json", REQUEST_ID, id, "Retry-After", "1")
            : Map.of("Content-Type", "application/json", REQUEST_ID, id);
    return new HandlerResponse(status, headers, bodies.error(error));
  }

  /**
   * Returns the answer to a request that arrives, or is cut short, while the server shuts down:
   * {@code 503 unavailable} with {@code Retry-After: 1}, in the JSON error envelope, with {@code
   * sentRequestId} as {@code X-Request-Id} if it is usable, else a new id. Every HTTP binding
   * answers with it.
   *
   * @param sentRequestId the request's {@code X-Request-Id}, or null if none was read
   */
  public HandlerResponse shuttingDown(String sentRequestId) {
    return transportError(
        503, MutationOutcome.Failure.shuttingDown().error().detail(), sentRequestId);
  }

  /** Builds a {@link MutationHttpHandler}. Not thread-safe. */
  public static final class Builder {
    private final MutationService service;
    private String docsUrl = DEFAULT_DOCS_URL;
    private Authenticator authenticator;
    private boolean insecure;
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int maxRecords = WireLimits.DEFAULT.maxRecords();
    private Duration maxAwaitTimeout = WireLimits.DEFAULT.maxAwaitTimeout();
    private int maxJsonValues = DEFAULT_MAX_JSON_VALUES;
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
     * Sets where responses to requests with an {@code Idempotency-Key} are kept. Required: the
     * handler has no default of its own ({@code MutationServer} chooses one).
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

    /** Sets the largest body, in bytes; the default is {@link #DEFAULT_MAX_BODY_BYTES}. */
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
     * 413 payload_too_large} while its body is read. The default is {@link
     * #DEFAULT_MAX_JSON_VALUES}.
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
     *     #insecureNoAuthentication()} was chosen, or both were, or no idempotency store was set
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
      if (idempotencyStore == null) {
        throw new IllegalStateException(
            "an idempotency store is required: call idempotencyStore(...), e.g. with"
                + " InMemoryIdempotencyStore.create() for one server process");
      }
      return new MutationHttpHandler(
          service,
          authenticator,
          idempotencyStore,
          new HandlerSettings(
              maxBodyBytes,
              maxInFlight,
              new WireLimits(maxRecords, maxAwaitTimeout, maxJsonValues),
              docsUrl));
    }
  }
}
