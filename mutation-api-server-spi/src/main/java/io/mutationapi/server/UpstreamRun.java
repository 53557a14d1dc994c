package io.mutationapi.server;

import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.internal.Futures;
import io.mutationapi.server.spi.ServerObserver;
import io.mutationapi.server.spi.Upstream;
import io.mutationapi.server.spi.UpstreamContext;
import io.mutationapi.server.spi.UpstreamException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * Step 2 of the wire contract for one request: applies it upstream in batches, one after the other
 * in request order, each behind its sync's rate-limit gate and within the request's deadline, and
 * stops at the first failure. The stage always completes normally, with what was {@link Applied}.
 */
final class UpstreamRun {
  private final Upstream upstream;
  private final RateLimiter gate;
  private final MutationRequest request;
  private final UpstreamContext context;
  private final long deadlineNanos;
  private final UpstreamCalls calls;
  private final Deadlines deadlines;
  private final ServerObserver observer;
  private final int batchSize;
  private final List<Record> applied;

  UpstreamRun(
      Upstream upstream,
      RateLimiter gate,
      MutationRequest request,
      UpstreamContext context,
      long deadlineNanos,
      UpstreamCalls calls,
      Deadlines deadlines,
      ServerObserver observer) {
    this.observer = observer;
    this.upstream = upstream;
    this.gate = gate;
    this.request = request;
    this.context = context;
    this.deadlineNanos = deadlineNanos;
    this.calls = calls;
    this.deadlines = deadlines;
    this.batchSize = Math.max(1, upstream.maxBatchSize());
    this.applied = new ArrayList<>(request.size());
  }

  /** Applies the whole request. */
  CompletableFuture<Applied> start() {
    return applyFrom(0);
  }

  private CompletableFuture<Applied> applyFrom(int from) {
    int to = Math.min(request.size(), from + batchSize);
    MutationRequest batch = Batches.slice(request, from, to);
    RateLimiter.Permit permit = gate == null ? null : gate.acquire();
    if (permit != null && !permit.granted()) {
      // Refused before the call: this batch and the rest are not applied.
      observer.rateLimited(request.syncId(), false);
      List<MutationError.Failure> failures =
          Batches.outcomes(request, from, to, permit.refusal(), applied);
      return done(new Applied(applied, permit.refusal(), null, failures));
    }
    CompletableFuture<List<Record>> call;
    try {
      call =
          permit != null && permit.waitNanos() > 0
              ? calls.later(permit.waitNanos(), gate::dequeued, upstream, batch, context)
              : calls.now(upstream, batch, context);
    } catch (RejectedExecutionException e) {
      observer.overloaded(ServerObserver.Overload.UPSTREAM_EXECUTOR);
      return done(new Applied(applied, null, e, Batches.notApplied(request, from, from)));
    }
    call = deadlines.bound(call, request.syncId(), deadlineNanos);
    return call.handle(
            (records, error) ->
                error != null ? done(failed(from, to, error)) : answered(from, to, batch, records))
        .thenCompose(stage -> stage);
  }

  /** The batch {@code from} to {@code to} failed with {@code error}. */
  private Applied failed(int from, int to, Throwable error) {
    Throwable cause = Futures.unwrap(error);
    if (cause instanceof RejectedExecutionException) {
      // A rate-limited call that found the executor full when its wait was over.
      observer.overloaded(ServerObserver.Overload.UPSTREAM_EXECUTOR);
    }
    boolean rateLimited =
        cause instanceof UpstreamException
            && ((UpstreamException) cause).kind() == UpstreamException.Kind.RATE_LIMITED;
    if (rateLimited) {
      observer.rateLimited(request.syncId(), true);
    }
    if (gate != null && rateLimited) {
      // The upstream's own 429: this sync's next calls wait until it has passed.
      gate.blockFor(((UpstreamException) cause).retryAfter().orElse(ErrorAnswers.RETRY_SOON));
    }
    if (cause instanceof Deadlines.DeadlinePassed) {
      UpstreamException failure = ((Deadlines.DeadlinePassed) cause).failure;
      List<MutationError.Failure> failures =
          Batches.failures(from, to, failure.getMessage(), Batches.NOT_KNOWN);
      failures.addAll(Batches.notApplied(request, to, -1));
      return new Applied(applied, failure, null, failures);
    }
    if (cause instanceof UpstreamException) {
      UpstreamException failure = (UpstreamException) cause;
      return new Applied(
          applied, failure, null, Batches.outcomes(request, from, to, failure, applied));
    }
    return new Applied(applied, null, cause, Batches.notApplied(request, from, from));
  }

  /** The batch {@code from} to {@code to} was answered with {@code records}: go on or stop. */
  private CompletableFuture<Applied> answered(
      int from, int to, MutationRequest batch, List<Record> records) {
    if (records == null || records.size() != batch.size()) {
      return done(
          new Applied(
              applied,
              null,
              new IllegalStateException(
                  "upstream returned "
                      + (records == null ? "null" : records.size() + " records")
                      + " for a batch of "
                      + batch.size()),
              Batches.notApplied(request, from, from)));
    }
    applied.addAll(records);
    if (to == request.size()) {
      return done(new Applied(applied));
    }
    if (Deadlines.hasPassed(deadlineNanos)) {
      // The time for this request's upstream calls is up: the rest is not tried.
      return done(
          new Applied(
              applied,
              deadlines.timedOut(),
              null,
              Batches.failures(to, request.size(), Batches.NOT_SENT, Batches.NOT_SENT)));
    }
    return applyFrom(to);
  }

  private static CompletableFuture<Applied> done(Applied applied) {
    return CompletableFuture.completedFuture(applied);
  }
}
