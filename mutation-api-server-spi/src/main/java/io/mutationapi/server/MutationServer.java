package io.mutationapi.server;

import io.mutationapi.internal.await.AwaitRegistry;
import io.mutationapi.server.http.MutationHttpHandler;
import io.mutationapi.server.pull.ConsumerAccess;
import io.mutationapi.server.pull.PullService;
import io.mutationapi.server.spi.Authenticator;
import io.mutationapi.server.spi.ChangeSource;
import io.mutationapi.server.spi.ChangeStream;
import io.mutationapi.server.spi.ConsumeService;
import io.mutationapi.server.spi.ConsumerSummary;
import io.mutationapi.server.spi.ManagementService;
import io.mutationapi.server.spi.MutationService;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.ServerObserver;
import io.mutationapi.server.spi.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
 * mutation-api-server-jetty} serves it on an embedded Jetty. {@link #consumeService()} pulls and
 * acks the messages of HTTP consumers ({@link Builder#httpConsumer(String, String...)}) in process.
 * {@link Builder#build()} starts delivering the stream to consumers; {@link #close()} stops
 * everything the server started.
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
  private final PullService pull;
  private final Management management;
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
      PullService pull,
      Management management,
      List<ExecutorService> owned,
      Duration gracePeriod,
      Duration bodyReadTimeout) {
    this.syncLoops = syncLoops;
    this.pull = pull;
    this.management = management;
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

  /**
   * Returns the service that runs mutations in process, without HTTP, and waits for their
   * consistency tokens ({@link MutationService#await}).
   */
  public MutationService service() {
    return engine;
  }

  /**
   * Returns the service that pulls, acks and nacks the messages of the HTTP consumers ({@link
   * Builder#httpConsumer(String, HttpConsumerSettings, String...)}) in process, without HTTP.
   *
   * <pre>{@code
   * ConsumeService consume = server.consumeService();
   * PullOutcome outcome = consume.next("http-worker",
   *     new PullRequest(10, Duration.ofSeconds(20)), principal).toCompletableFuture().join();
   * if (outcome instanceof PullOutcome.Pulled pulled && !pulled.messages().isEmpty()) {
   *   // ... apply the records ...
   *   consume.ack("http-worker",
   *       pulled.messages().stream().map(PulledMessage::ackToken).toList(), principal);
   * }
   * }</pre>
   */
  public ConsumeService consumeService() {
    return pull;
  }

  /**
   * Returns the read-only Management API in process, exactly as {@code GET /v1/consumers} and
   * {@code GET /v1/syncs} answer it: every consumer's kind, collections, lag, pending awaits and
   * health, every sync's provider, collections, rate limit and health, scoped to a principal.
   */
  public ManagementService management() {
    return management;
  }

  /**
   * Returns the framework-neutral HTTP handler of {@code POST /v1/mutations/run}, the Consume API
   * and the Management API.
   */
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
    // Long polls are only waiting: answer them 503 now rather than hold the listeners' grace.
    pull.close();
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
   * Returns every registered consumer, in registration order, as the Management API reports it
   * (lag, pending awaits, health, an HTTP consumer's counts) but for no principal in particular:
   * for the host's metrics and health checks. Each value is a snapshot read when asked.
   */
  public List<ConsumerSummary> consumers() {
    return management.all();
  }

  /**
   * Returns consumer {@code consumerId} as {@link #consumers()} reports it, or empty if no consumer
   * has that id.
   */
  public Optional<ConsumerSummary> consumer(String consumerId) {
    return management.any(consumerId);
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
  public static final class Builder extends ServerOptions {
    Builder() {}

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
      ServerObserver observer = GuardedObserver.of(this.observer);
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
      ConsumerAccess consumerAccess = new ConsumerAccess(syncsOfConsumers(), auth);
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
              syncLoops::poke,
              consistencyTokenKey != null
                  ? new TokenSigner(consistencyTokenKey)
                  : TokenSigner.random(),
              consumerAccess,
              observer);
      PullService pull =
          new PullService(registrations.consumers(), consumerAccess, maxAwaitTimeout, timer);
      Management management =
          new Management(
              registrations,
              auth,
              consumerAccess,
              stream,
              registry,
              syncLoops::health,
              HttpConsumers::summary);
      MutationHttpHandler handler = handler(engine, auth, management, pull, observer);
      try {
        stream.start(
            List.copyOf(registrations.consumers().values()),
            new RegistryProgress(registry, observer));
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
          pull,
          management,
          List.copyOf(owned),
          gracePeriod,
          bodyReadTimeout);
    }

    /** For each consumer, the syncs that serve a collection it consumes. */
    private Map<String, Set<String>> syncsOfConsumers() {
      Map<String, Set<String>> syncsOf = new LinkedHashMap<>();
      for (Subscription subscription : registrations.consumers().values()) {
        Set<String> syncIds = new TreeSet<>();
        for (MutationEngine.Sync sync : registrations.syncs().values()) {
          if (sync.collectionIds().stream().anyMatch(subscription::consumes)) {
            syncIds.add(sync.syncId());
          }
        }
        syncsOf.put(subscription.consumerId(), Set.copyOf(syncIds));
      }
      return syncsOf;
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
    private MutationHttpHandler handler(
        MutationEngine engine,
        Authenticator auth,
        Management management,
        PullService pull,
        ServerObserver observer) {
      MutationHttpHandler.Builder handler =
          MutationHttpHandler.builder(engine)
              .maxBodyBytes(maxBodyBytes)
              .maxInFlightRequests(maxInFlightRequests)
              .limits(maxRecords, maxAwaitTimeout)
              .maxJsonValues(maxJsonValues)
              .docsUrl(docsUrl)
              .management(management)
              .consumeService(pull)
              .observer(observer)
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
  }
}
