package io.mutationapi.server;

import io.mutationapi.internal.await.AwaitRegistry;
import io.mutationapi.server.http.MutationHttpHandler;
import io.mutationapi.server.spi.Authenticator;
import io.mutationapi.server.spi.ChangeSource;
import io.mutationapi.server.spi.ChangeStream;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.CursorStore;
import io.mutationapi.server.spi.IdempotencyStore;
import io.mutationapi.server.spi.MutationService;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.Subscription;
import io.mutationapi.server.spi.Upstream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Mutation API server: the one entry point a host application uses.
 *
 * <pre>{@code
 * MutationServer server = MutationServer.builder()
 *     .sync("my-sync-id", InMemoryUpstream.create(), "salesforce:contact")
 *     .consumer("local-db", new InMemoryConsumer(), "salesforce:contact")
 *     .bearerToken(System.getenv("MUTATION_API_TOKEN"), Principal.of("my-app", "my-sync-id"))
 *     .build();
 * MutationHttpServer http = MutationHttpServer.listen(server, 8080); // mutation-api-server-jetty
 * }</pre>
 *
 * <p>{@link #service()} runs mutations in process; {@link #httpHandler()} serves {@code POST
 * /v1/mutations/run} in any HTTP framework; {@code MutationHttpServer} of the artifact {@code
 * mutation-api-server-jetty} serves it on an embedded Jetty. {@link Builder#build()} starts
 * delivering the stream to consumers; {@link #close()} stops everything the server started.
 *
 * <p>Thread-safe.
 */
public final class MutationServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MutationServer.class);

  private final MutationEngine engine;
  private final MutationHttpHandler handler;
  private final ChangeStream stream;
  private final AwaitRegistry registry;
  private final SyncLoops syncLoops;
  private final List<ExecutorService> owned;
  private final List<AutoCloseable> listeners = new ArrayList<>();
  private final Duration gracePeriod;
  private final Duration bodyReadTimeout;
  private boolean closed;

  private MutationServer(
      MutationEngine engine,
      MutationHttpHandler handler,
      ChangeStream stream,
      AwaitRegistry registry,
      SyncLoops syncLoops,
      List<ExecutorService> owned,
      Duration gracePeriod,
      Duration bodyReadTimeout) {
    this.syncLoops = syncLoops;
    this.bodyReadTimeout = bodyReadTimeout;
    this.engine = engine;
    this.handler = handler;
    this.stream = stream;
    this.registry = registry;
    this.owned = owned;
    this.gracePeriod = gracePeriod;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the service that runs mutations in process, without HTTP. */
  public MutationService service() {
    return engine;
  }

  /** Returns the framework-neutral HTTP handler of {@code POST /v1/mutations/run}. */
  public MutationHttpHandler httpHandler() {
    return handler;
  }

  /**
   * Returns how long an HTTP listener of this server lets requests in flight finish when it closes;
   * see {@link Builder#gracePeriod}.
   */
  public Duration gracePeriod() {
    return gracePeriod;
  }

  /**
   * Returns how long an HTTP listener of this server lets a request body take to arrive; see {@link
   * Builder#bodyReadTimeout}.
   */
  public Duration bodyReadTimeout() {
    return bodyReadTimeout;
  }

  /**
   * Registers an HTTP listener that serves {@link #httpHandler()}, so that {@link #close()} closes
   * it first, letting its requests in flight finish before the engine stops. A listener that fails
   * to close is logged and does not stop the rest of the shutdown.
   *
   * @throws IllegalStateException if this server is closed
   */
  public synchronized void addListener(AutoCloseable listener) {
    Objects.requireNonNull(listener, "listener");
    if (closed) {
      throw new IllegalStateException("server is closed");
    }
    listeners.add(listener);
  }

  /**
   * Stops the HTTP listeners (letting requests in flight finish within the grace period, then
   * answering 503), then delivery to consumers, then the server's own threads.
   */
  @Override
  public void close() {
    List<AutoCloseable> toClose;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = new ArrayList<>(listeners);
    }
    for (AutoCloseable listener : toClose) {
      try {
        listener.close();
      } catch (Exception e) {
        log.warn("Closing the HTTP listener {} failed", listener, e);
      }
    }
    engine.shutDown();
    syncLoops.close();
    try {
      stream.close();
    } catch (Exception e) {
      log.warn("Closing the change stream failed", e);
    }
    registry.close();
    owned.forEach(ExecutorService::shutdownNow);
  }

  /**
   * Returns how many requests are waiting for consumers right now: a gauge for metrics, and for
   * tests that check no waiter is left behind.
   */
  public int pendingAwaits() {
    return registry.pendingAwaits();
  }

  /**
   * Returns the health of every change capture ({@link Builder#changeCapture}), one per (sync,
   * collection) in registration order: last successful poll, lag, last error. Empty if no sync
   * captures changes. Each value is a snapshot.
   */
  public List<SyncHealth> syncHealth() {
    return syncLoops.health();
  }

  @Override
  public String toString() {
    return "MutationServer{listeners=" + listeners.size() + "}";
  }

  /** Builds a {@link MutationServer}. Not thread-safe. */
  public static final class Builder {
    private final Registrations registrations = new Registrations();
    private final Map<String, Principal> tokens = new LinkedHashMap<>();
    private final Map<String, SyncLoops.Capture> captures = new LinkedHashMap<>();
    private CursorStore cursorStore;
    private Authenticator authenticator;
    private boolean insecure;
    private ChangeStream stream;
    private IdempotencyStore idempotencyStore;
    private int maxRecords = EngineSettings.DEFAULT.maxRecords();
    private Duration maxAwaitTimeout = EngineSettings.DEFAULT.maxAwaitTimeout();
    private int maxJsonValues = MutationHttpHandler.DEFAULT_MAX_JSON_VALUES;
    private long maxBodyBytes = MutationHttpHandler.DEFAULT_MAX_BODY_BYTES;
    private String docsUrl = MutationHttpHandler.DEFAULT_DOCS_URL;
    private Duration gracePeriod = Duration.ofSeconds(10);
    private ExecutorService upstreamExecutor;
    private int upstreamThreads = 16;
    private int upstreamQueue = 10_000;
    private ScheduledExecutorService timer;
    private int maxInFlightRequests = MutationHttpHandler.DEFAULT_MAX_IN_FLIGHT;
    private int maxPendingAwaits = EngineSettings.DEFAULT.maxPendingAwaits();
    private Duration upstreamTimeout = EngineSettings.DEFAULT.upstreamTimeout();
    private Duration bodyReadTimeout = Duration.ofSeconds(30);

    Builder() {}

    /**
     * Registers a sync: its id, the upstream it writes to, and the collections it serves.
     * Registering the same id twice fails at {@link #build()}.
     */
    public Builder sync(String syncId, Upstream upstream, String... collectionIds) {
      return sync(syncId, upstream, Arrays.asList(collectionIds));
    }

    /** Registers a sync; see {@link #sync(String, Upstream, String...)}. */
    public Builder sync(String syncId, Upstream upstream, Collection<String> collectionIds) {
      requireId(syncId, "syncId");
      Objects.requireNonNull(upstream, "upstream");
      registrations.sync(new MutationEngine.Sync(syncId, upstream, Set.copyOf(collectionIds)));
      return this;
    }

    /**
     * Keeps the stream in step with sync {@code syncId}'s upstream itself, which must be a {@link
     * ChangeSource}: the server backfills each collection of the sync, then polls for changes made
     * there by anyone (see {@link ChangeCapture}). Fails at {@link #build()} if the sync is not
     * registered or its upstream is not a change source.
     */
    public Builder changeCapture(String syncId, ChangeCapture settings) {
      requireId(syncId, "syncId");
      captures.put(
          syncId, new SyncLoops.Capture(null, Objects.requireNonNull(settings, "settings")));
      return this;
    }

    /**
     * Keeps the stream in step with sync {@code syncId} by reading {@code source}, for an upstream
     * whose changes are listed by another object; see {@link #changeCapture(String,
     * ChangeCapture)}.
     */
    public Builder changeCapture(String syncId, ChangeSource source, ChangeCapture settings) {
      requireId(syncId, "syncId");
      captures.put(
          syncId,
          new SyncLoops.Capture(
              Objects.requireNonNull(source, "source"),
              Objects.requireNonNull(settings, "settings")));
      return this;
    }

    /**
     * Sets where change captures keep their cursors; the default is an {@link InMemoryCursorStore},
     * so a restarted server backfills again.
     */
    public Builder cursorStore(CursorStore cursorStore) {
      this.cursorStore = Objects.requireNonNull(cursorStore, "cursorStore");
      return this;
    }

    /**
     * Registers a consumer: the id requests await it by, the consumer, and the collections it
     * consumes. Registering the same id twice fails at {@link #build()}.
     */
    public Builder consumer(String consumerId, Consumer consumer, String... collectionIds) {
      return consumer(consumerId, consumer, Arrays.asList(collectionIds));
    }

    /** Registers a consumer; see {@link #consumer(String, Consumer, String...)}. */
    public Builder consumer(
        String consumerId, Consumer consumer, Collection<String> collectionIds) {
      requireId(consumerId, "consumerId");
      Objects.requireNonNull(consumer, "consumer");
      registrations.consumer(new Subscription(consumerId, Set.copyOf(collectionIds), consumer));
      return this;
    }

    /** Sets the change stream; the default is an {@link InMemoryStream}. */
    public Builder stream(ChangeStream stream) {
      this.stream = Objects.requireNonNull(stream, "stream");
      return this;
    }

    /**
     * Sets where responses to requests with an {@code Idempotency-Key} are kept; the default is an
     * {@link InMemoryIdempotencyStore}, which is right for one server process.
     */
    public Builder idempotencyStore(IdempotencyStore idempotencyStore) {
      this.idempotencyStore = Objects.requireNonNull(idempotencyStore, "idempotencyStore");
      return this;
    }

    /**
     * Accepts {@code token} as a bearer token for {@code principal}. May be called for many tokens.
     * Tokens are kept only as digests and compared in constant time. A sync the principal may not
     * mutate answers {@code 404}, exactly as a sync that does not exist; for {@code 403} instead,
     * use an {@link #authenticator(Authenticator)}.
     */
    public Builder bearerToken(String token, Principal principal) {
      if (token == null || token.isEmpty()) {
        throw new IllegalArgumentException("token must not be null or empty");
      }
      tokens.put(token, Objects.requireNonNull(principal, "principal"));
      return this;
    }

    /** Accepts each token of {@code tokens} as a bearer token for its principal. */
    public Builder bearerTokens(Map<String, Principal> tokens) {
      tokens.forEach(this::bearerToken);
      return this;
    }

    /**
     * Sets how bearer tokens are checked and what principals may do, instead of {@link
     * #bearerToken}.
     */
    public Builder authenticator(Authenticator authenticator) {
      this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
      return this;
    }

    /**
     * Turns authentication OFF: anyone who can reach the server can mutate every sync. For local
     * demos only; the server logs a warning when it is built.
     */
    public Builder insecureNoAuthentication() {
      this.insecure = true;
      return this;
    }

    /** Sets the most records or ids one request may carry; the default is 1000. */
    public Builder maxRecordsPerRequest(int maxRecords) {
      if (maxRecords < 1) {
        throw new IllegalArgumentException("maxRecords must be positive: " + maxRecords);
      }
      this.maxRecords = maxRecords;
      return this;
    }

    /**
     * Sets the most JSON values (every string, number, boolean, null, array and object, at any
     * depth) one request body may hold; the default is 500,000. A body with more is answered {@code
     * 413 payload_too_large} as soon as the count is passed. It bounds the memory of a parsed body,
     * which for many small values is far larger than its bytes: 60 to 100 bytes a value.
     */
    public Builder maxJsonValuesPerRequest(int maxJsonValues) {
      if (maxJsonValues < 1) {
        throw new IllegalArgumentException("maxJsonValues must be positive: " + maxJsonValues);
      }
      this.maxJsonValues = maxJsonValues;
      return this;
    }

    /**
     * Sets the longest {@code await_consumers_timeout} a request may ask for; the default is 5
     * minutes.
     */
    public Builder maxAwaitTimeout(Duration maxAwaitTimeout) {
      if (maxAwaitTimeout.isNegative() || maxAwaitTimeout.isZero()) {
        throw new IllegalArgumentException("maxAwaitTimeout must be positive: " + maxAwaitTimeout);
      }
      this.maxAwaitTimeout = maxAwaitTimeout;
      return this;
    }

    /**
     * Sets the page that error bodies' {@code docs} link to, with {@code #<code>} appended; the
     * default is {@link MutationHttpHandler#DEFAULT_DOCS_URL}, the error reference of this project.
     * Null sends an empty {@code docs} array.
     */
    public Builder docsUrl(String docsUrl) {
      this.docsUrl = docsUrl;
      return this;
    }

    /**
     * Sets the largest request body, in bytes; larger ones are answered 413. The default is 8 MiB.
     */
    public Builder maxBodyBytes(long maxBodyBytes) {
      if (maxBodyBytes < 1) {
        throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * Sets the longest the upstream calls of one request may take, all its batches together; the
     * default is 10 s. A request whose upstream has not answered by then is answered {@code 504
     * upstream_timeout}, naming the records applied before and those whose fate is unknown. The
     * call is not abandoned: whatever the upstream applies after the deadline is still published,
     * so consumers see it. Keep it below the clients' timeouts (the client SDK waits 30 s for a
     * response, or the await timeout plus 10 s) so that callers get the 504 rather than a timeout
     * of their own.
     */
    public Builder upstreamTimeout(Duration upstreamTimeout) {
      Objects.requireNonNull(upstreamTimeout, "upstreamTimeout");
      if (upstreamTimeout.isNegative() || upstreamTimeout.isZero()) {
        throw new IllegalArgumentException("upstreamTimeout must be positive: " + upstreamTimeout);
      }
      this.upstreamTimeout = upstreamTimeout;
      return this;
    }

    /**
     * Limits how fast the server calls the upstream of sync {@code syncId}; see {@link RateLimit}.
     * Without it a sync has {@link RateLimit#UNLIMITED}: no rate of its own, but an upstream's 429
     * is honoured. Naming a sync that is not registered fails at {@link #build()}.
     */
    public Builder rateLimit(String syncId, RateLimit limit) {
      requireId(syncId, "syncId");
      registrations.rateLimit(syncId, Objects.requireNonNull(limit, "limit"));
      return this;
    }

    /**
     * Sets the most HTTP requests answered at once, those waiting for consumers included; beyond it
     * a request is answered {@code 503 unavailable} with {@code Retry-After} before its body is
     * read, so nothing queues without bound. The default is 10,000.
     */
    public Builder maxInFlightRequests(int maxInFlightRequests) {
      if (maxInFlightRequests < 1) {
        throw new IllegalArgumentException(
            "maxInFlightRequests must be positive: " + maxInFlightRequests);
      }
      this.maxInFlightRequests = maxInFlightRequests;
      return this;
    }

    /**
     * Sets the most requests that may wait for consumers at once; beyond it a request that awaits
     * consumers is answered {@code 503 unavailable} with {@code Retry-After}, before the upstream
     * is called. The default is 10,000.
     */
    public Builder maxPendingAwaits(int maxPendingAwaits) {
      if (maxPendingAwaits < 1) {
        throw new IllegalArgumentException(
            "maxPendingAwaits must be positive: " + maxPendingAwaits);
      }
      this.maxPendingAwaits = maxPendingAwaits;
      return this;
    }

    /**
     * Sets how long a request body may take to arrive on this server's HTTP listeners, from the
     * moment its headers were read; a slower or stalled body loses its connection instead of
     * holding a thread. The default is 30 s.
     */
    public Builder bodyReadTimeout(Duration bodyReadTimeout) {
      if (bodyReadTimeout.isNegative() || bodyReadTimeout.isZero()) {
        throw new IllegalArgumentException("bodyReadTimeout must be positive: " + bodyReadTimeout);
      }
      this.bodyReadTimeout = bodyReadTimeout;
      return this;
    }

    /** Sets how long {@link #close()} lets HTTP requests in flight finish; the default is 10 s. */
    public Builder gracePeriod(Duration gracePeriod) {
      if (gracePeriod.isNegative()) {
        throw new IllegalArgumentException("gracePeriod must not be negative: " + gracePeriod);
      }
      this.gracePeriod = gracePeriod;
      return this;
    }

    /**
     * Sets the executor that upstream calls run on. It should be bounded: a full executor rejects
     * the task, and the request is answered 503. The caller owns it. By default the server has 16
     * threads and a queue of 10,000 calls.
     */
    public Builder upstreamExecutor(ExecutorService upstreamExecutor) {
      this.upstreamExecutor = Objects.requireNonNull(upstreamExecutor, "upstreamExecutor");
      return this;
    }

    /** Sets the size of the default upstream executor: threads, and calls queued beyond them. */
    public Builder upstreamConcurrency(int threads, int queue) {
      if (threads < 1 || queue < 0) {
        throw new IllegalArgumentException(
            "need threads >= 1 and queue >= 0: " + threads + ", " + queue);
      }
      this.upstreamThreads = threads;
      this.upstreamQueue = queue;
      return this;
    }

    /**
     * Sets the scheduler of await timeouts. The caller owns it. By default the server has one
     * thread.
     */
    public Builder timer(ScheduledExecutorService timer) {
      this.timer = Objects.requireNonNull(timer, "timer");
      return this;
    }

    /**
     * Returns the server, and starts delivering the stream to consumers and the change captures.
     *
     * @throws IllegalStateException naming the problem: no sync, a sync or consumer registered
     *     twice, a sync without collections, a consumer of a collection no sync serves, a rate
     *     limit or change capture of a sync not registered, a change capture whose sync's upstream
     *     is not a {@link ChangeSource} (and none was given), or no choice about authentication
     */
    public MutationServer build() {
      registrations.validate();
      Map<String, SyncLoops.Capture> captures = resolvedCaptures();
      Authenticator auth = authentication();
      List<ExecutorService> owned = new ArrayList<>();
      ScheduledExecutorService timer =
          this.timer != null ? this.timer : OwnedExecutors.timer(owned);
      ExecutorService upstream =
          this.upstreamExecutor != null
              ? this.upstreamExecutor
              : OwnedExecutors.upstream(upstreamThreads, upstreamQueue, owned);
      ChangeStream stream =
          this.stream != null ? this.stream : InMemoryStream.builder().timer(timer).build();
      AwaitRegistry registry = new AwaitRegistry(timer);
      Map<String, RateLimiter> limiters = registrations.rateLimiters();
      SyncLoops syncLoops =
          new SyncLoops(
              captures,
              registrations.syncs(),
              limiters,
              cursorStore != null ? cursorStore : new InMemoryCursorStore(),
              stream);
      MutationEngine engine =
          new MutationEngine(
              registrations.syncs(),
              registrations.consumers(),
              limiters,
              stream,
              registry,
              auth,
              upstream,
              timer,
              new EngineSettings(maxRecords, maxAwaitTimeout, maxPendingAwaits, upstreamTimeout),
              syncLoops::poke);
      MutationHttpHandler handler = handler(engine, auth);
      try {
        stream.start(
            List.copyOf(registrations.consumers().values()), new RegistryProgress(registry));
      } catch (RuntimeException e) {
        syncLoops.close();
        registry.close();
        owned.forEach(ExecutorService::shutdownNow);
        throw e;
      }
      syncLoops.start();
      if (insecure) {
        log.warn(
            "AUTHENTICATION IS OFF (insecureNoAuthentication): anyone who can reach this server can"
                + " mutate every sync. Use this for local demos only.");
      }
      return new MutationServer(
          engine,
          handler,
          stream,
          registry,
          syncLoops,
          List.copyOf(owned),
          gracePeriod,
          bodyReadTimeout);
    }

    /** The captures with their sources: the sync's upstream unless one was given. */
    private Map<String, SyncLoops.Capture> resolvedCaptures() {
      Map<String, SyncLoops.Capture> resolved = new LinkedHashMap<>();
      captures.forEach(
          (syncId, capture) -> {
            MutationEngine.Sync sync = registrations.syncs().get(syncId);
            if (sync == null) {
              throw new IllegalStateException(
                  "changeCapture names sync '"
                      + syncId
                      + "', which is not registered: "
                      + registrations.syncs().keySet());
            }
            ChangeSource source = capture.source();
            if (source == null) {
              if (!(sync.upstream() instanceof ChangeSource)) {
                throw new IllegalStateException(
                    "changeCapture: the upstream of sync '"
                        + syncId
                        + "' is not a ChangeSource; pass one to changeCapture(syncId, source,"
                        + " settings)");
              }
              source = (ChangeSource) sync.upstream();
            }
            resolved.put(syncId, new SyncLoops.Capture(source, capture.settings()));
          });
      return resolved;
    }

    /** The HTTP handler in front of {@code engine}, with this builder's HTTP settings. */
    private MutationHttpHandler handler(MutationEngine engine, Authenticator auth) {
      MutationHttpHandler.Builder handler =
          MutationHttpHandler.builder(engine)
              .maxBodyBytes(maxBodyBytes)
              .maxInFlightRequests(maxInFlightRequests)
              .limits(maxRecords, maxAwaitTimeout)
              .maxJsonValues(maxJsonValues)
              .docsUrl(docsUrl)
              .idempotencyStore(
                  idempotencyStore != null ? idempotencyStore : InMemoryIdempotencyStore.create());
      return (insecure ? handler.insecureNoAuthentication() : handler.authenticator(auth)).build();
    }

    private Authenticator authentication() {
      int choices =
          (insecure ? 1 : 0) + (authenticator != null ? 1 : 0) + (tokens.isEmpty() ? 0 : 1);
      if (choices == 0) {
        throw new IllegalStateException(
            "authentication is required: call bearerToken(token, principal) or"
                + " authenticator(...), or insecureNoAuthentication() for a local demo");
      }
      if (choices > 1) {
        throw new IllegalStateException(
            "choose one of bearerToken(...), authenticator(...) and insecureNoAuthentication()");
      }
      if (insecure) {
        return token -> Optional.of(Principal.ANONYMOUS);
      }
      return authenticator != null ? authenticator : new TokenAuthenticator(tokens);
    }

    private static void requireId(String id, String name) {
      if (id == null || id.isEmpty()) {
        throw new IllegalArgumentException(name + " must not be null or empty");
      }
    }
  }
}
