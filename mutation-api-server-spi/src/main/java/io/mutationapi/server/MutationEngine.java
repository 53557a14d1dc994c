package io.mutationapi.server;

import io.mutationapi.AwaitConsumers;
import io.mutationapi.ConsistencyToken;
import io.mutationapi.MutationRequest;
import io.mutationapi.MutationResult;
import io.mutationapi.Record;
import io.mutationapi.await.Position;
import io.mutationapi.internal.await.AwaitOutcome;
import io.mutationapi.internal.await.AwaitRegistry;
import io.mutationapi.server.pull.ConsumerAccess;
import io.mutationapi.server.spi.Authenticator;
import io.mutationapi.server.spi.ChangeStream;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.MutationService;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.ServerObserver;
import io.mutationapi.server.spi.Subscription;
import io.mutationapi.server.spi.Upstream;
import io.mutationapi.server.spi.UpstreamContext;
import io.mutationapi.server.spi.WaitOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * The engine: the five steps of the wire contract for one request. It resolves the request ({@link
 * RequestResolver}), applies it upstream in batches ({@link UpstreamRun}), publishes what changed,
 * waits for the awaited consumers, and answers ({@link ErrorAnswers}). It speaks the wire's values
 * ({@link MutationOutcome}), never HTTP: headers, bodies and the idempotency store are the HTTP
 * handler's. A success (and an await that ends in {@code consumers_timeout} or {@code
 * record_not_applied}) carries a consistency token signed by {@link TokenSigner}; {@link #await}
 * waits for one later ({@link TokenWaits}).
 */
final class MutationEngine implements MutationService {

  /** A registered sync: its upstream and the collections it serves. */
  record Sync(String syncId, Upstream upstream, Set<String> collectionIds) {}

  private final Map<String, Sync> syncs;
  private final Map<String, RateLimiter> rateLimiters;
  private final ChangeStream stream;
  private final AwaitRegistry registry;
  private final EngineSettings settings;
  private final RequestResolver resolver;
  private final UpstreamCalls calls;
  private final Deadlines deadlines;
  private final Executor completions;
  private final BiConsumer<String, String> onPublished;
  private final AtomicInteger pendingAwaits = new AtomicInteger();
  private final TokenSigner signer;
  private final TokenWaits tokenWaits;
  private final ServerObserver observer;
  private volatile boolean shuttingDown;

  /**
   * Creates the engine with everything it uses.
   *
   * @param rateLimiters the gate in front of each sync's upstream, by sync id
   * @param upstreamExecutor the bounded executor blocking upstream calls run on
   * @param timer runs the upstream deadlines
   * @param published told the sync and collection of each request that changed records, once their
   *     publish completed (or failed)
   * @param signer issues and checks consistency tokens
   * @param consumerAccess which consumers a principal may wait on
   * @param observer told of upstream calls, awaits and overloads; it must not throw
   */
  MutationEngine(
      Map<String, Sync> syncs,
      Map<String, Subscription> consumers,
      Map<String, RateLimiter> rateLimiters,
      ChangeStream stream,
      AwaitRegistry registry,
      Authenticator authorizer,
      Executor upstreamExecutor,
      ScheduledExecutorService timer,
      EngineSettings settings,
      BiConsumer<String, String> published,
      TokenSigner signer,
      ConsumerAccess consumerAccess,
      ServerObserver observer) {
    this.observer = observer;
    this.onPublished = published;
    this.signer = signer;
    this.syncs = Map.copyOf(syncs);
    this.rateLimiters = Map.copyOf(rateLimiters);
    this.stream = stream;
    this.registry = registry;
    this.settings = settings;
    this.resolver =
        new RequestResolver(
            this.syncs, Map.copyOf(consumers), stream, authorizer, settings, observer);
    this.calls = new UpstreamCalls(upstreamExecutor, observer);
    this.deadlines = new Deadlines(timer, settings.upstreamTimeout(), new LatePublisher(stream));
    this.completions =
        task -> {
          try {
            upstreamExecutor.execute(task);
          } catch (RejectedExecutionException e) {
            // Full or shut down: answer on the completing thread rather than not at all.
            task.run();
          }
        };
    this.tokenWaits =
        new TokenWaits(
            Map.copyOf(consumers),
            registry,
            signer,
            consumerAccess,
            settings,
            pendingAwaits,
            completions,
            () -> shuttingDown);
  }

  /** Refuses new requests with 503, and answers 503 to those whose await is cut short. */
  void shutDown() {
    shuttingDown = true;
  }

  @Override
  public CompletionStage<WaitOutcome> await(
      ConsistencyToken token, List<String> consumerIds, Duration timeout, Principal principal) {
    return tokenWaits.await(token, consumerIds, timeout, principal);
  }

  @Override
  public CompletionStage<MutationOutcome> run(MutationRequest request, Principal principal) {
    return run(request, principal, Optional.empty());
  }

  @Override
  public CompletionStage<MutationOutcome> run(
      MutationRequest request, Principal principal, String requestId) {
    return run(request, principal, Optional.of(requestId));
  }

  private CompletionStage<MutationOutcome> run(
      MutationRequest request, Principal principal, Optional<String> requestId) {
    if (shuttingDown) {
      return CompletableFuture.completedFuture(MutationOutcome.Failure.shuttingDown());
    }
    try {
      MutationOutcome.Failure refused = resolver.refusal(request, principal);
      if (refused != null) {
        return CompletableFuture.completedFuture(refused);
      }
      boolean awaits = request.awaitConsumers().filter(a -> !a.isEmpty()).isPresent();
      if (awaits && pendingAwaits.incrementAndGet() > settings.maxPendingAwaits()) {
        pendingAwaits.decrementAndGet();
        observer.overloaded(ServerObserver.Overload.PENDING_AWAITS);
        return CompletableFuture.completedFuture(
            ErrorAnswers.unavailable(
                "Server overloaded: too many requests are waiting for consumers; retry later"));
      }
      CompletionStage<MutationOutcome> outcome;
      try {
        outcome =
            upstreamRun(request, principal, requestId)
                .start()
                .thenCompose(applied -> afterUpstream(request, principal, applied))
                .exceptionally(ErrorAnswers::unexpected);
      } catch (RuntimeException e) {
        outcome = CompletableFuture.completedFuture(ErrorAnswers.unexpected(e));
      }
      return awaits ? outcome.whenComplete((o, e) -> pendingAwaits.decrementAndGet()) : outcome;
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(ErrorAnswers.unexpected(e));
    }
  }

  /** Step 2, prepared: the request's deadline starts now. */
  private UpstreamRun upstreamRun(
      MutationRequest request, Principal principal, Optional<String> requestId) {
    long deadlineNanos = deadlines.startNanos();
    UpstreamContext context =
        new UpstreamContext(Instant.now().plus(settings.upstreamTimeout()), requestId, principal);
    return new UpstreamRun(
        syncs.get(request.syncId()).upstream(),
        rateLimiters.get(request.syncId()),
        request,
        context,
        deadlineNanos,
        calls,
        deadlines,
        observer);
  }

  /** Steps 3 to 5: publish what was applied, then wait or report the failure. */
  private CompletionStage<MutationOutcome> afterUpstream(
      MutationRequest request, Principal principal, Applied applied) {
    List<Record> records = List.copyOf(applied.records());
    CompletionStage<List<Position>> published =
        records.isEmpty() ? CompletableFuture.completedFuture(List.of()) : stream.publish(records);
    return published
        .handle(
            (positions, error) -> {
              if (!records.isEmpty()) {
                // A sync that captures changes polls now: it also heals a failed publish.
                onPublished.accept(request.syncId(), request.collectionId());
              }
              if (error != null) {
                return CompletableFuture.<MutationOutcome>completedFuture(
                    ErrorAnswers.notPublished(records, error));
              }
              return afterPublish(request, principal, applied, records, positions);
            })
        .thenCompose(stage -> stage);
  }

  private CompletionStage<MutationOutcome> afterPublish(
      MutationRequest request,
      Principal principal,
      Applied applied,
      List<Record> records,
      List<Position> positions) {
    if (applied.isFailed()) {
      return CompletableFuture.completedFuture(ErrorAnswers.failed(request, records, applied));
    }
    ConsistencyToken token = signer.sign(principal.name(), positions);
    MutationResult result = new MutationResult(records, Optional.of(token));
    Optional<AwaitConsumers> await = request.awaitConsumers().filter(a -> !a.isEmpty());
    if (await.isEmpty()) {
      return CompletableFuture.completedFuture(new MutationOutcome.Success(result));
    }
    // The timeout clock starts here, after publishing, as the wire contract says.
    long awaitStart = System.nanoTime();
    int awaited = await.get().consumerIds().size();
    CompletableFuture<AwaitOutcome> awaiting =
        registry.await(await.get().consumerIds(), positions, await.get().timeout());
    BiFunction<AwaitOutcome, Throwable, MutationOutcome> answer =
        (outcome, error) -> {
          observer.awaitFinished(
              awaited, System.nanoTime() - awaitStart, AwaitAnswers.result(outcome, error));
          if (error != null && shuttingDown) {
            // The mutation happened; say so, as an await timeout would.
            MutationOutcome.Failure failure = MutationOutcome.Failure.shuttingDown();
            return new MutationOutcome.Failure(
                failure.error().withRecords(records), failure.retryAfter(), Optional.empty());
          }
          if (error != null) {
            return ErrorAnswers.unexpected(error);
          }
          return AwaitAnswers.of(outcome, result, positions);
        };
    // Covered already (a consumer delivered to on the publishing thread): answer here. Otherwise
    // the await completes on the consumer's (or the timer's) thread: answer on ours.
    return awaiting.isDone() ? awaiting.handle(answer) : awaiting.handleAsync(answer, completions);
  }
}
