package io.mutationapi.server;

import io.mutationapi.AwaitConsumers;
import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.MutationResult;
import io.mutationapi.Record;
import io.mutationapi.await.Position;
import io.mutationapi.internal.Echo;
import io.mutationapi.internal.await.AwaitRegistry;
import io.mutationapi.server.spi.Authenticator;
import io.mutationapi.server.spi.ChangeStream;
import io.mutationapi.server.spi.RecordOutcome;
import io.mutationapi.server.spi.Subscription;
import io.mutationapi.server.spi.Upstream;
import io.mutationapi.server.spi.UpstreamException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine: validates and resolves a request, applies it upstream in batches, publishes what
 * changed, and waits for the awaited consumers. Knows nothing of HTTP.
 */
final class MutationEngine implements MutationService {
  static final Duration RETRY_SOON = Duration.ofSeconds(1);
  private static final String NOT_TRIED = "Not applied because an earlier record failed";
  private static final String NOT_SENT =
      "Not applied: the upstream timeout passed before it was sent";
  private static final String NOT_KNOWN =
      "Not known whether applied: the upstream did not answer in time";
  private static final Logger log = LoggerFactory.getLogger(MutationEngine.class);

  /** A registered sync: its upstream and the collections it serves. */
  record Sync(String syncId, Upstream upstream, Set<String> collectionIds) {}

  private final Map<String, Sync> syncs;
  private final Map<String, Subscription> consumers;
  private final ChangeStream stream;
  private final AwaitRegistry registry;
  private final Authenticator authorizer;
  private final Executor upstreamExecutor;
  private final int maxRecords;
  private final Duration maxAwaitTimeout;
  private final Executor completions;
  private volatile boolean shuttingDown;
  private volatile int maxPendingAwaits = Integer.MAX_VALUE;
  private final AtomicInteger pendingAwaits = new AtomicInteger();
  private volatile Map<String, RateLimiter> rateLimiters = Map.of();
  private volatile ScheduledExecutorService deadlineTimer;
  private volatile Duration upstreamTimeout;

  MutationEngine(
      Map<String, Sync> syncs,
      Map<String, Subscription> consumers,
      ChangeStream stream,
      AwaitRegistry registry,
      Authenticator authorizer,
      Executor upstreamExecutor,
      int maxRecords,
      Duration maxAwaitTimeout) {
    this.syncs = Map.copyOf(syncs);
    this.consumers = Map.copyOf(consumers);
    this.stream = stream;
    this.registry = registry;
    this.authorizer = authorizer;
    this.upstreamExecutor = upstreamExecutor;
    this.completions =
        task -> {
          try {
            upstreamExecutor.execute(task);
          } catch (RejectedExecutionException e) {
            // Full or shut down: answer on the completing thread rather than not at all.
            task.run();
          }
        };
    this.maxRecords = maxRecords;
    this.maxAwaitTimeout = maxAwaitTimeout;
  }

  /**
   * Sets the most requests that may wait for consumers at once; beyond it a request that awaits is
   * refused with 503 before the upstream is called.
   */
  void maxPendingAwaits(int max) {
    this.maxPendingAwaits = max;
  }

  /**
   * Sets the longest the upstream calls of one request may take, all batches together, before the
   * request is answered {@code 504 upstream_timeout}; {@code timer} runs the deadlines. What the
   * upstream applies after the deadline is still published.
   */
  void upstreamTimeout(ScheduledExecutorService timer, Duration timeout) {
    this.deadlineTimer = timer;
    this.upstreamTimeout = timeout;
  }

  /** Sets the gate in front of each sync's upstream, by sync id. */
  void rateLimiters(Map<String, RateLimiter> rateLimiters) {
    this.rateLimiters = Map.copyOf(rateLimiters);
  }

  /** Refuses new requests with 503, and answers 503 to those whose await is cut short. */
  void shutDown() {
    shuttingDown = true;
  }

  @Override
  public CompletionStage<MutationOutcome> run(MutationRequest request, Principal principal) {
    if (shuttingDown) {
      return CompletableFuture.completedFuture(shuttingDownFailure());
    }
    try {
      MutationOutcome.Failure refused = resolve(request, principal);
      if (refused != null) {
        return CompletableFuture.completedFuture(refused);
      }
      boolean awaits = request.awaitConsumers().filter(a -> !a.isEmpty()).isPresent();
      if (awaits && pendingAwaits.incrementAndGet() > maxPendingAwaits) {
        pendingAwaits.decrementAndGet();
        return CompletableFuture.completedFuture(
            new MutationOutcome.Failure(
                MutationError.of(
                    ErrorCode.UNAVAILABLE,
                    "Server overloaded: too many requests are waiting for consumers; retry later"),
                Optional.of(RETRY_SOON),
                Optional.empty()));
      }
      Sync sync = syncs.get(request.syncId());
      CompletionStage<MutationOutcome> outcome;
      try {
        outcome =
            applyAll(sync.upstream(), request)
                .thenCompose(applied -> afterUpstream(request, applied))
                .exceptionally(MutationEngine::unexpected);
      } catch (RuntimeException e) {
        outcome = CompletableFuture.completedFuture(unexpected(e));
      }
      return awaits ? outcome.whenComplete((o, e) -> pendingAwaits.decrementAndGet()) : outcome;
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(unexpected(e));
    }
  }

  /** Step 1 of the wire contract: everything that can fail before the upstream is called. */
  private MutationOutcome.Failure resolve(MutationRequest request, Principal principal) {
    Sync sync = syncs.get(request.syncId());
    Authenticator.Access access =
        sync == null ? Authenticator.Access.HIDDEN : authorizer.access(principal, sync.syncId());
    if (access == Authenticator.Access.HIDDEN) {
      return failure(
          ErrorCode.NOT_FOUND, "Unknown sync_id '" + Echo.truncate(request.syncId()) + "'");
    }
    if (access != Authenticator.Access.MUTATE) {
      return failure(
          ErrorCode.FORBIDDEN,
          "Not allowed to mutate sync_id '" + Echo.truncate(request.syncId()) + "'");
    }
    if (!sync.collectionIds().contains(request.collectionId())) {
      return failure(
          ErrorCode.NOT_FOUND,
          "Unknown collection_id '"
              + Echo.truncate(request.collectionId())
              + "' in sync_id '"
              + Echo.truncate(request.syncId())
              + "'");
    }
    if (request.size() > maxRecords) {
      String field = request instanceof MutationRequest.Delete ? "upstream_ids" : "records";
      return failure(
          ErrorCode.VALIDATION_ERROR,
          field + ": at most " + maxRecords + " per request, got " + request.size());
    }
    Optional<AwaitConsumers> await = request.awaitConsumers();
    if (await.isPresent()) {
      if (await.get().timeout().compareTo(maxAwaitTimeout) > 0) {
        return failure(
            ErrorCode.VALIDATION_ERROR,
            "await_consumers_timeout: at most "
                + maxAwaitTimeout.toMillis()
                + ", got "
                + await.get().timeout().toMillis());
      }
      List<String> ids = await.get().consumerIds();
      for (int i = 0; i < ids.size(); i++) {
        Subscription subscription = consumers.get(ids.get(i));
        if (subscription == null) {
          return failure(
              ErrorCode.UNKNOWN_CONSUMER,
              "await_consumer_ids["
                  + i
                  + "]: unknown consumer '"
                  + Echo.truncate(ids.get(i))
                  + "'");
        }
        if (!subscription.consumes(request.collectionId())) {
          return failure(
              ErrorCode.CONSUMER_NOT_SUBSCRIBED,
              "await_consumer_ids["
                  + i
                  + "]: consumer '"
                  + Echo.truncate(ids.get(i))
                  + "' does not consume collection_id '"
                  + Echo.truncate(request.collectionId())
                  + "'");
        }
      }
    }
    if (stream.isFull()) {
      return new MutationOutcome.Failure(
          MutationError.of(
              ErrorCode.UNAVAILABLE,
              "Consumers are behind and the change stream is full; retry later"),
          Optional.of(RETRY_SOON),
          Optional.empty());
    }
    return null;
  }

  /**
   * What the upstream did: the records applied, in request order; and if it failed, the failure
   * (typed or not) and every record not applied, by request index.
   */
  private record Applied(
      List<Record> records,
      UpstreamException failure,
      Throwable cause,
      List<MutationError.Failure> failures) {
    Applied(List<Record> records) {
      this(records, null, null, List.of());
    }
  }

  /** Step 2: applies the request in batches, one after the other, stopping at a failure. */
  private CompletableFuture<Applied> applyAll(Upstream upstream, MutationRequest request) {
    int batchSize = Math.max(1, upstream.maxBatchSize());
    List<Record> applied = new ArrayList<>(request.size());
    Duration timeout = upstreamTimeout;
    long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    return applyFrom(upstream, request, 0, batchSize, applied, deadline);
  }

  private CompletableFuture<Applied> applyFrom(
      Upstream upstream,
      MutationRequest request,
      int from,
      int batchSize,
      List<Record> applied,
      long deadline) {
    int to = Math.min(request.size(), from + batchSize);
    MutationRequest batch = slice(request, from, to);
    RateLimiter gate = rateLimiters.get(request.syncId());
    RateLimiter.Permit permit = gate == null ? null : gate.acquire();
    if (permit != null && !permit.granted()) {
      // Refused before the call: this batch and the rest are not applied.
      List<MutationError.Failure> failures = outcomes(request, from, to, permit.refusal(), applied);
      return CompletableFuture.completedFuture(
          new Applied(applied, permit.refusal(), null, failures));
    }
    CompletableFuture<List<Record>> call;
    try {
      if (permit != null && permit.waitNanos() > 0) {
        call = later(gate, permit.waitNanos(), upstream, batch);
      } else if (upstream.isNonBlocking()) {
        call = callHere(upstream, batch);
      } else {
        call =
            CompletableFuture.supplyAsync(() -> upstream.apply(batch), upstreamExecutor)
                .thenCompose(stage -> stage);
      }
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(
          new Applied(applied, null, e, notApplied(request, from, from)));
    }
    call = withDeadline(call, request.syncId(), deadline);
    return call.handle(
            (records, error) -> {
              if (error != null) {
                Throwable cause = unwrap(error);
                if (gate != null
                    && cause instanceof UpstreamException
                    && ((UpstreamException) cause).kind() == UpstreamException.Kind.RATE_LIMITED) {
                  // The upstream's own 429: this sync's next calls wait until it has passed.
                  gate.blockFor(((UpstreamException) cause).retryAfter().orElse(RETRY_SOON));
                }
                if (cause instanceof DeadlinePassed) {
                  UpstreamException failure = ((DeadlinePassed) cause).failure;
                  List<MutationError.Failure> failures =
                      failures(from, to, failure.getMessage(), NOT_KNOWN);
                  failures.addAll(notApplied(request, to, -1));
                  return CompletableFuture.completedFuture(
                      new Applied(applied, failure, null, failures));
                }
                if (cause instanceof UpstreamException) {
                  UpstreamException failure = (UpstreamException) cause;
                  List<MutationError.Failure> failures =
                      outcomes(request, from, to, failure, applied);
                  return CompletableFuture.completedFuture(
                      new Applied(applied, failure, null, failures));
                }
                return CompletableFuture.completedFuture(
                    new Applied(applied, null, cause, notApplied(request, from, from)));
              }
              if (records == null || records.size() != batch.size()) {
                return CompletableFuture.completedFuture(
                    new Applied(
                        applied,
                        null,
                        new IllegalStateException(
                            "upstream returned "
                                + (records == null ? "null" : records.size() + " records")
                                + " for a batch of "
                                + batch.size()),
                        notApplied(request, from, from)));
              }
              applied.addAll(records);
              if (to == request.size()) {
                return CompletableFuture.completedFuture(new Applied(applied));
              }
              if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0) {
                // The time for this request's upstream calls is up: the rest is not tried.
                return CompletableFuture.completedFuture(
                    new Applied(
                        applied,
                        timedOut(),
                        null,
                        failures(to, request.size(), NOT_SENT, NOT_SENT)));
              }
              return applyFrom(upstream, request, to, batchSize, applied, deadline);
            })
        .thenCompose(stage -> stage);
  }

  /** Fails an upstream call that outlives the upstream timeout; the call itself is not stopped. */
  private static final class DeadlinePassed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient UpstreamException failure;

    DeadlinePassed(UpstreamException failure) {
      super(failure.getMessage(), null, false, false);
      this.failure = failure;
    }
  }

  /**
   * Returns {@code call}, or a stage that fails with {@link DeadlinePassed} if {@code call} has not
   * completed within the upstream timeout. A call that completes after that is still published: the
   * upstream applied it, so consumers must see it, even though the caller was told 504.
   */
  private CompletableFuture<List<Record>> withDeadline(
      CompletableFuture<List<Record>> call, String syncId, long deadlineNanos) {
    ScheduledExecutorService timer = deadlineTimer;
    if (deadlineNanos == Long.MAX_VALUE || timer == null || call.isDone()) {
      return call;
    }
    CompletableFuture<List<Record>> timed = new CompletableFuture<>();
    ScheduledFuture<?> deadline;
    try {
      deadline =
          timer.schedule(
              () -> timed.completeExceptionally(new DeadlinePassed(timedOut())),
              Math.max(0, deadlineNanos - System.nanoTime()),
              TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // The timer is shut down: the server is closing; wait for the call as before.
      return call;
    }
    call.whenComplete(
        (records, error) -> {
          deadline.cancel(false);
          boolean inTime =
              error == null ? timed.complete(records) : timed.completeExceptionally(error);
          if (!inTime) {
            publishLate(syncId, records, error);
          }
        });
    return timed;
  }

  /** Publishes what an upstream call applied after its request was answered 504. */
  private void publishLate(String syncId, List<Record> records, Throwable error) {
    List<Record> applied = new ArrayList<>();
    if (error == null && records != null) {
      applied.addAll(records);
    } else if (unwrap(error) instanceof UpstreamException) {
      for (RecordOutcome outcome : ((UpstreamException) unwrap(error)).outcomes()) {
        if (outcome instanceof RecordOutcome.Applied) {
          applied.add(((RecordOutcome.Applied) outcome).record());
        }
      }
    }
    log.warn(
        "sync={} upstream answered after its timeout of {}: {} records applied late{}",
        syncId,
        upstreamTimeout,
        applied.size(),
        applied.isEmpty() ? "" : ", published now");
    if (applied.isEmpty()) {
      return;
    }
    try {
      stream
          .publish(List.copyOf(applied))
          .whenComplete(
              (positions, publishError) -> {
                if (publishError != null) {
                  log.error(
                      "sync={} could not publish {} records the upstream applied late",
                      syncId,
                      applied.size(),
                      publishError);
                }
              });
    } catch (RuntimeException e) {
      log.error(
          "sync={} could not publish {} records the upstream applied late",
          syncId,
          applied.size(),
          e);
    }
  }

  private UpstreamException timedOut() {
    return UpstreamException.timeout(
        "The upstream did not answer within "
            + describe(upstreamTimeout)
            + "; the change may still be applied");
  }

  private static String describe(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /** Calls a non-blocking upstream on this thread; whatever it throws fails the stage. */
  private static CompletableFuture<List<Record>> callHere(
      Upstream upstream, MutationRequest batch) {
    try {
      CompletionStage<List<Record>> stage = upstream.apply(batch);
      if (stage == null) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("upstream returned a null stage"));
      }
      if (stage instanceof CompletableFuture) {
        return (CompletableFuture<List<Record>>) stage;
      }
      CompletableFuture<List<Record>> call = new CompletableFuture<>();
      stage.whenComplete(
          (records, error) -> {
            if (error != null) {
              call.completeExceptionally(error);
            } else {
              call.complete(records);
            }
          });
      return call;
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Calls the upstream after {@code waitNanos}, holding no thread meanwhile; a full executor fails
   * the call with {@link RejectedExecutionException}, as an immediate call would.
   */
  private CompletableFuture<List<Record>> later(
      RateLimiter gate, long waitNanos, Upstream upstream, MutationRequest batch) {
    CompletableFuture<List<Record>> call = new CompletableFuture<>();
    Runnable start =
        () -> {
          gate.dequeued();
          try {
            upstreamExecutor.execute(
                () -> {
                  try {
                    upstream
                        .apply(batch)
                        .whenComplete(
                            (records, error) -> {
                              if (error != null) {
                                call.completeExceptionally(error);
                              } else {
                                call.complete(records);
                              }
                            });
                  } catch (RuntimeException e) {
                    call.completeExceptionally(e);
                  }
                });
          } catch (RejectedExecutionException e) {
            call.completeExceptionally(e);
          }
        };
    CompletableFuture.delayedExecutor(waitNanos, TimeUnit.NANOSECONDS).execute(start);
    return call;
  }

  /**
   * Takes the applied records of a failed batch into {@code applied} and returns every record of
   * the request from {@code from} on that was not applied, with its reason.
   */
  private static List<MutationError.Failure> outcomes(
      MutationRequest request, int from, int to, UpstreamException failure, List<Record> applied) {
    List<RecordOutcome> outcomes = failure.outcomes();
    List<MutationError.Failure> failures = new ArrayList<>();
    for (int index = from; index < to; index++) {
      int i = index - from;
      String message;
      if (i < outcomes.size() && outcomes.get(i) instanceof RecordOutcome.Applied) {
        applied.add(((RecordOutcome.Applied) outcomes.get(i)).record());
        continue;
      } else if (i < outcomes.size()) {
        message = ((RecordOutcome.Failed) outcomes.get(i)).message();
      } else if (i == outcomes.size()) {
        message = failure.getMessage();
      } else {
        message = NOT_TRIED;
      }
      failures.add(new MutationError.Failure(index, MutationError.MESSAGE_PREFIX + message));
    }
    failures.addAll(notApplied(request, to, -1));
    return failures;
  }

  /**
   * Returns the records from {@code from} to the end as not applied; the one at {@code
   * failedIndex}, if any, because the upstream failed on it.
   */
  private static List<MutationError.Failure> notApplied(
      MutationRequest request, int from, int failedIndex) {
    String first = from == failedIndex ? "Not applied: the upstream failed" : NOT_TRIED;
    return failures(from, request.size(), first, NOT_TRIED);
  }

  /**
   * Returns failures for the records {@code from} to {@code to}: the first's message, the rest's.
   */
  private static List<MutationError.Failure> failures(
      int from, int to, String firstMessage, String restMessage) {
    List<MutationError.Failure> failures = new ArrayList<>(Math.max(0, to - from));
    for (int index = from; index < to; index++) {
      String message = index == from ? firstMessage : restMessage;
      failures.add(new MutationError.Failure(index, MutationError.MESSAGE_PREFIX + message));
    }
    return failures;
  }

  private static MutationRequest slice(MutationRequest request, int from, int to) {
    if (from == 0 && to == request.size() && request.awaitConsumers().isEmpty()) {
      return request;
    }
    if (request instanceof MutationRequest.Create) {
      MutationRequest.Create c = (MutationRequest.Create) request;
      return new MutationRequest.Create(
          c.syncId(), c.collectionId(), c.records().subList(from, to), Optional.empty());
    }
    if (request instanceof MutationRequest.Update) {
      MutationRequest.Update u = (MutationRequest.Update) request;
      return new MutationRequest.Update(
          u.syncId(), u.collectionId(), u.records().subList(from, to), Optional.empty());
    }
    MutationRequest.Delete d = (MutationRequest.Delete) request;
    return new MutationRequest.Delete(
        d.syncId(), d.collectionId(), d.upstreamIds().subList(from, to), Optional.empty());
  }

  /** Steps 3 to 5: publish what was applied, then wait or report the failure. */
  private CompletionStage<MutationOutcome> afterUpstream(MutationRequest request, Applied applied) {
    List<Record> records = List.copyOf(applied.records());
    CompletionStage<List<Position>> published =
        records.isEmpty() ? CompletableFuture.completedFuture(List.of()) : stream.publish(records);
    return published
        .handle(
            (positions, error) -> {
              if (error != null) {
                // Applied upstream but not published: say what was applied.
                MutationOutcome.Failure failure = unexpected(error);
                return CompletableFuture.<MutationOutcome>completedFuture(
                    new MutationOutcome.Failure(
                        failure.error().withRecords(records), Optional.empty(), failure.cause()));
              }
              return afterPublish(request, applied, records, positions);
            })
        .thenCompose(stage -> stage);
  }

  private CompletionStage<MutationOutcome> afterPublish(
      MutationRequest request, Applied applied, List<Record> records, List<Position> positions) {
    if (applied.failure() != null || applied.cause() != null) {
      return CompletableFuture.completedFuture(failed(request, records, applied));
    }
    MutationResult result = new MutationResult(records);
    Optional<AwaitConsumers> await = request.awaitConsumers().filter(a -> !a.isEmpty());
    if (await.isEmpty()) {
      return CompletableFuture.completedFuture(new MutationOutcome.Success(result));
    }
    // The timeout clock starts here, after publishing, as the wire contract says.
    return registry
        .await(await.get().consumerIds(), positions, await.get().timeout())
        // Awaits complete on the consumer's (or the timer's) thread: answer on ours.
        .handleAsync(
            (outcome, error) -> {
              if (error != null && shuttingDown) {
                // The mutation happened; say so, as an await timeout would.
                MutationOutcome.Failure failure = shuttingDownFailure();
                return new MutationOutcome.Failure(
                    failure.error().withRecords(records), failure.retryAfter(), Optional.empty());
              }
              if (error != null) {
                return unexpected(error);
              }
              return AwaitAnswers.of(outcome, result, positions);
            },
            completions);
  }

  private static MutationOutcome failed(
      MutationRequest request, List<Record> records, Applied applied) {
    MutationOutcome.Failure failure;
    if (applied.failure() != null) {
      failure = upstreamFailure(applied.failure());
    } else if (applied.cause() instanceof RejectedExecutionException) {
      failure =
          new MutationOutcome.Failure(
              MutationError.of(ErrorCode.UNAVAILABLE, "Server overloaded; retry later"),
              Optional.of(RETRY_SOON),
              Optional.empty());
    } else {
      failure =
          new MutationOutcome.Failure(
              MutationError.of(ErrorCode.UPSTREAM_ERROR, "The upstream failed"),
              Optional.empty(),
              Optional.ofNullable(applied.cause()));
    }
    boolean perRecord = applied.failure() != null && !applied.failure().outcomes().isEmpty();
    if (records.isEmpty() && (!perRecord || request.size() == 1)) {
      // Nothing was applied and the upstream said nothing per record: one error says it all.
      return failure;
    }
    // Report what was applied, and every record that was not, by request index; the message
    // says so too, since it is all that many callers read.
    MutationError error = failure.error();
    return new MutationOutcome.Failure(
        new MutationError(
                error.status(),
                error.code(),
                MutationError.MESSAGE_PREFIX
                    + partialMessage(request, records.size(), applied.failures(), error.detail()),
                error.docs(),
                List.of(),
                List.of(),
                List.of())
            .withRecords(records)
            .withFailures(applied.failures()),
        failure.retryAfter(),
        failure.cause());
  }

  /**
   * The message of a failure that left some records applied, or that the upstream reported per
   * record: the JSON path of the record that failed (the first whose failure is {@code reason}, or
   * else the first not applied), the reason, and how many were applied, e.g. {@code records[1]:
   * Invalid email (1 of 2 records were applied; 1 was not: see failures)}.
   */
  static String partialMessage(
      MutationRequest request, int applied, List<MutationError.Failure> failures, String reason) {
    String field = request instanceof MutationRequest.Delete ? "upstream_ids" : "records";
    int notApplied = failures.size();
    // The record the upstream failed on carries its reason; the others were not tried or were
    // rolled back with it.
    MutationError.Failure failed = failures.isEmpty() ? null : failures.get(0);
    for (MutationError.Failure f : failures) {
      if (f.error().equals(MutationError.MESSAGE_PREFIX + reason)) {
        failed = f;
        break;
      }
    }
    String path = failed == null ? field : field + "[" + failed.index() + "]";
    return path
        + ": "
        + reason
        + " ("
        + applied
        + " of "
        + request.size()
        + " records were applied; "
        + notApplied
        + (notApplied == 1 ? " was" : " were")
        + " not: see failures)";
  }

  private static MutationOutcome.Failure upstreamFailure(UpstreamException e) {
    switch (e.kind()) {
      case VALIDATION:
        return new MutationOutcome.Failure(
            MutationError.of(ErrorCode.UPSTREAM_VALIDATION_ERROR, e.getMessage()));
      case TIMEOUT:
        return new MutationOutcome.Failure(
            MutationError.of(ErrorCode.UPSTREAM_TIMEOUT, e.getMessage()));
      case RATE_LIMITED:
        return new MutationOutcome.Failure(
            MutationError.of(ErrorCode.RATE_LIMITED, e.getMessage()),
            Optional.of(e.retryAfter().orElse(RETRY_SOON)),
            Optional.empty());
      default:
        return new MutationOutcome.Failure(
            MutationError.of(ErrorCode.UPSTREAM_ERROR, e.getMessage()),
            Optional.empty(),
            Optional.ofNullable(e.getCause()));
    }
  }

  private static MutationOutcome.Failure shuttingDownFailure() {
    return new MutationOutcome.Failure(
        MutationError.of(ErrorCode.UNAVAILABLE, "Server is shutting down; retry"),
        Optional.of(RETRY_SOON),
        Optional.empty());
  }

  private static MutationOutcome.Failure failure(ErrorCode code, String detail) {
    return new MutationOutcome.Failure(MutationError.of(code, detail));
  }

  /** An unexpected exception: a generic 500; the cause is for the server's log only. */
  static MutationOutcome.Failure unexpected(Throwable error) {
    return new MutationOutcome.Failure(
        MutationError.of(ErrorCode.INTERNAL_ERROR, "Internal server error"),
        Optional.empty(),
        Optional.of(unwrap(error)));
  }

  private static Throwable unwrap(Throwable error) {
    while ((error instanceof CompletionException || error instanceof ExecutionException)
        && error.getCause() != null) {
      error = error.getCause();
    }
    return error;
  }
}
