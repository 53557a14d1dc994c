package io.mutationapi.server.http;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.internal.WireLimits;
import io.mutationapi.server.spi.Authenticator;
import io.mutationapi.server.spi.ConsumeService;
import io.mutationapi.server.spi.IdempotencyStore;
import io.mutationapi.server.spi.ManagementService;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.MutationService;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.ServerObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The wire contract's HTTP endpoints as one framework-neutral async function: {@link
 * #handle(HandlerRequest)}. It serves {@code POST /v1/mutations/run}, and with a {@link
 * Builder#consumeService ConsumeService} the Consume API ({@code /v1/http-consumers/{id}/next},
 * {@code /ack}, {@code /nack}), with a {@link Builder#management ManagementService} the read-only
 * Management API ({@code GET /v1/consumers}, {@code /v1/http-consumers}, {@code /v1/syncs} and
 * their items).
 *
 * <p>It does everything the wire contract says about HTTP, in its order: route ({@code 404}, and
 * {@code 405} with the path's {@code Allow}), authenticate before reading the body ({@code 401}
 * with {@code WWW-Authenticate: Bearer}), check the content type ({@code 415}) and the size while
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
 * record count, the endpoint's path template and the id in its path, status, the error code of a
 * failed request ({@code error=-} otherwise), whether the answer is an idempotent replay ({@code
 * replayed=true}) and duration; never tokens or record data.
 *
 * <p>Threading: {@code handle} reads the body on the calling thread, then returns a stage that
 * completes when the mutation is done; no thread is held while the request waits for consumers, nor
 * while a long poll waits for messages. A long poll counts as a request in flight ({@link
 * Builder#maxInFlightRequests}). Thread-safe; share one instance.
 */
public final class MutationHttpHandler {
  /** The path of the mutation endpoint. */
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

  private final HandlerSettings settings;
  private final Bodies bodies;
  private final Router router;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ServerObserver observer;

  private MutationHttpHandler(Builder builder, HandlerSettings settings) {
    this.settings = settings;
    this.observer = builder.observer;
    this.bodies = new Bodies(settings);
    this.router =
        new Router(
            routes(builder, settings, bodies).list(),
            builder.authenticator,
            builder.consumeService == null && builder.management == null
                ? "Not found; the endpoint is POST " + PATH
                : "Not found; no endpoint at this path (see docs/WIRE.md)");
  }

  /**
   * Every endpoint, in the order they are tried. To add one, add a line here: its path template
   * (one {@code {id}} segment at most), its methods, whether it expects a JSON body, and the method
   * that answers it (see {@link Route}).
   */
  private static Router.Routes routes(Builder b, HandlerSettings settings, Bodies bodies) {
    Router.Routes routes = new Router.Routes();
    MutationEndpoint mutations =
        new MutationEndpoint(b.service, b.idempotencyStore, settings, bodies);
    routes.add(PATH, List.of("POST"), true, mutations::answer);
    // Before /v1/consumers/{id}: "wait" is this path's, never a consumer's id.
    WaitEndpoints waits = new WaitEndpoints(b.service, bodies);
    routes
        .add("/v1/consumers/wait", List.of("POST"), true, waits::many)
        .add("/v1/consumers/{id}/wait", List.of("POST"), true, waits::one);
    if (b.consumeService != null) {
      ConsumeEndpoints consume = new ConsumeEndpoints(b.consumeService, settings, bodies);
      routes
          .add("/v1/http-consumers/{id}/next", List.of("GET", "POST"), false, consume::next)
          .add("/v1/http-consumers/{id}/ack", List.of("POST"), true, consume::ack)
          .add("/v1/http-consumers/{id}/nack", List.of("POST"), true, consume::nack);
    }
    if (b.management != null) {
      ManagementEndpoints management = new ManagementEndpoints(b.management);
      routes
          .add("/v1/consumers", List.of("GET"), false, management::consumers)
          .add("/v1/consumers/{id}", List.of("GET"), false, management::consumer)
          .add("/v1/http-consumers", List.of("GET"), false, management::httpConsumers)
          .add("/v1/http-consumers/{id}", List.of("GET"), false, management::httpConsumer)
          .add("/v1/syncs", List.of("GET"), false, management::syncs)
          .add("/v1/syncs/{id}", List.of("GET"), false, management::sync);
    }
    return routes;
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
    Exchange exchange = new Exchange(RequestIds.of(request), start, bodies, observer);
    if (inFlight.incrementAndGet() > settings.maxInFlight()) {
      // Refused before the body is read: nothing is queued, nothing is held.
      inFlight.decrementAndGet();
      observer.overloaded(ServerObserver.Overload.IN_FLIGHT_REQUESTS);
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
          router
              .respond(request, exchange)
              .exceptionally(error -> exchange.unexpected(error))
              .thenApply(exchange::finish);
    } catch (RuntimeException e) {
      response = CompletableFuture.completedFuture(exchange.finish(exchange.unexpected(e)));
    }
    return response.whenComplete((r, e) -> inFlight.decrementAndGet());
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
    private ConsumeService consumeService;
    private ManagementService management;
    private ServerObserver observer = ServerObserver.NONE;

    Builder(MutationService service) {
      this.service = Objects.requireNonNull(service, "service");
    }

    /** Sets how bearer tokens are checked. */
    public Builder authenticator(Authenticator authenticator) {
      this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
      return this;
    }

    /**
     * Serves the Consume API ({@code /v1/http-consumers/{id}/next}, {@code /ack}, {@code /nack})
     * with {@code consumeService}. Without it those paths are {@code 404}.
     */
    public Builder consumeService(ConsumeService consumeService) {
      this.consumeService = Objects.requireNonNull(consumeService, "consumeService");
      return this;
    }

    /**
     * Serves the read-only Management API ({@code /v1/consumers}, {@code /v1/http-consumers},
     * {@code /v1/syncs} and their items) with {@code management}. Without it those paths are {@code
     * 404}.
     */
    public Builder management(ManagementService management) {
      this.management = Objects.requireNonNull(management, "management");
      return this;
    }

    /**
     * Tells {@code observer} of every answered request and of requests refused for too many in
     * flight; the default is {@link ServerObserver#NONE}. It is called on the request's thread and
     * must not throw: {@code MutationServer.Builder#observer} hands its handler an observer whose
     * exceptions are caught and logged once.
     */
    public Builder observer(ServerObserver observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
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
          this,
          new HandlerSettings(
              maxBodyBytes,
              maxInFlight,
              new WireLimits(maxRecords, maxAwaitTimeout, maxJsonValues),
              docsUrl));
    }
  }
}
