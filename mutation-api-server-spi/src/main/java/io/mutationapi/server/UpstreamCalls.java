package io.mutationapi.server;

import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.internal.Futures;
import io.mutationapi.server.spi.ServerObserver;
import io.mutationapi.server.spi.Upstream;
import io.mutationapi.server.spi.UpstreamContext;
import io.mutationapi.server.spi.UpstreamException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * How one batch reaches its upstream: on the caller's thread for a non-blocking upstream, on the
 * bounded upstream executor otherwise, or after a rate-limit wait that holds no thread. Whatever
 * the upstream throws fails the returned stage; a full executor fails it with {@link
 * RejectedExecutionException}. Each call's duration and result go to the observer.
 */
final class UpstreamCalls {
  private final Executor executor;
  private final ServerObserver observer;

  UpstreamCalls(Executor executor, ServerObserver observer) {
    this.executor = executor;
    this.observer = observer;
  }

  /** Calls {@code upstream} now: here if it never blocks, else on the executor. */
  CompletableFuture<List<Record>> now(
      Upstream upstream, MutationRequest batch, UpstreamContext context) {
    if (upstream.isNonBlocking()) {
      return here(upstream, batch, context);
    }
    return CompletableFuture.supplyAsync(() -> apply(upstream, batch, context), executor)
        .thenCompose(stage -> stage);
  }

  /**
   * Calls the upstream on the executor after {@code waitNanos}, holding no thread meanwhile; {@code
   * dequeued} runs when the wait is over.
   */
  CompletableFuture<List<Record>> later(
      long waitNanos,
      Runnable dequeued,
      Upstream upstream,
      MutationRequest batch,
      UpstreamContext context) {
    CompletableFuture<List<Record>> call = new CompletableFuture<>();
    Runnable start =
        () -> {
          dequeued.run();
          try {
            executor.execute(() -> forward(apply(upstream, batch, context), call));
          } catch (RejectedExecutionException e) {
            call.completeExceptionally(e);
          }
        };
    CompletableFuture.delayedExecutor(waitNanos, TimeUnit.NANOSECONDS).execute(start);
    return call;
  }

  /** Calls a non-blocking upstream on this thread. */
  private CompletableFuture<List<Record>> here(
      Upstream upstream, MutationRequest batch, UpstreamContext context) {
    CompletionStage<List<Record>> stage = apply(upstream, batch, context);
    if (stage instanceof CompletableFuture) {
      return (CompletableFuture<List<Record>>) stage;
    }
    CompletableFuture<List<Record>> call = new CompletableFuture<>();
    forward(stage, call);
    return call;
  }

  /** Calls the upstream, timed; a throw or a null stage becomes a failed stage. */
  private CompletionStage<List<Record>> apply(
      Upstream upstream, MutationRequest batch, UpstreamContext context) {
    long start = System.nanoTime();
    CompletionStage<List<Record>> stage;
    try {
      stage = upstream.apply(batch, context);
      if (stage == null) {
        stage =
            CompletableFuture.failedFuture(
                new IllegalStateException("upstream returned a null stage"));
      }
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    if (observer != ServerObserver.NONE) {
      stage.whenComplete(
          (records, error) ->
              observer.upstreamCalled(
                  batch.syncId(), batch.size(), System.nanoTime() - start, resultOf(error)));
    }
    return stage;
  }

  private static ServerObserver.UpstreamResult resultOf(Throwable error) {
    if (error == null) {
      return ServerObserver.UpstreamResult.SUCCESS;
    }
    Throwable cause = Futures.unwrap(error);
    if (!(cause instanceof UpstreamException)) {
      return ServerObserver.UpstreamResult.FAILED;
    }
    switch (((UpstreamException) cause).kind()) {
      case VALIDATION:
        return ServerObserver.UpstreamResult.VALIDATION;
      case RATE_LIMITED:
        return ServerObserver.UpstreamResult.RATE_LIMITED;
      case TIMEOUT:
        return ServerObserver.UpstreamResult.TIMEOUT;
      default:
        return ServerObserver.UpstreamResult.FAILED;
    }
  }

  private static void forward(
      CompletionStage<List<Record>> stage, CompletableFuture<List<Record>> call) {
    stage.whenComplete(
        (records, error) -> {
          if (error != null) {
            call.completeExceptionally(error);
          } else {
            call.complete(records);
          }
        });
  }
}
