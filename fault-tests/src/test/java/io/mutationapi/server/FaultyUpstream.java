package io.mutationapi.server;

import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.server.spi.Upstream;
import io.mutationapi.server.spi.UpstreamContext;
import io.mutationapi.server.spi.UpstreamException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link InMemoryUpstream} that fails on purpose, from a seeded random: timeouts, 5xx,
 * connection resets, rate limits, untyped exceptions, and failures at a random index of a batch.
 * Every fault is honest (a failure reports exactly what was applied), and every applied record is
 * kept, so a test can compare it with what the stream delivered.
 */
final class FaultyUpstream implements Upstream {
  private final InMemoryUpstream delegate;
  private final SplittableRandom random;
  private final double faultRate;
  private final Duration rateLimitRetryAfter;
  private final List<Record> applied = new ArrayList<>();
  private final AtomicLong faults = new AtomicLong();

  FaultyUpstream(InMemoryUpstream delegate, long seed, double faultRate, Duration retryAfter) {
    this.delegate = delegate;
    this.random = new SplittableRandom(seed);
    this.faultRate = faultRate;
    this.rateLimitRetryAfter = retryAfter;
  }

  @Override
  public boolean isAtomic() {
    return delegate.isAtomic();
  }

  @Override
  public int maxBatchSize() {
    return delegate.maxBatchSize();
  }

  @Override
  public synchronized CompletionStage<List<Record>> apply(
      MutationRequest batch, UpstreamContext context) {
    if (random.nextDouble() < faultRate) {
      faults.incrementAndGet();
      switch (random.nextInt(6)) {
        case 0:
          return CompletableFuture.failedFuture(
              UpstreamException.timeout("Salesforce API timed out"));
        case 1:
          return CompletableFuture.failedFuture(
              UpstreamException.failed("Salesforce answered 503", null));
        case 2:
          return CompletableFuture.failedFuture(
              UpstreamException.failed(
                  "Connection reset", new SocketException("Connection reset")));
        case 3:
          return CompletableFuture.failedFuture(
              UpstreamException.rateLimited(
                  "Salesforce REQUEST_LIMIT_EXCEEDED", rateLimitRetryAfter));
        case 4:
          throw new IllegalStateException("a bug in the upstream adapter");
        default:
          delegate.failAtRecord(
              random.nextInt(batch.size()),
              random.nextBoolean()
                  ? UpstreamException.validation("Salesforce validation error: `Invalid email`")
                  : UpstreamException.failed("Salesforce answered 500", null));
      }
    }
    // The delegate has no latency: its stage is complete when apply returns.
    CompletableFuture<List<Record>> result = delegate.apply(batch, context).toCompletableFuture();
    try {
      applied.addAll(result.join());
    } catch (CompletionException e) {
      if (e.getCause() instanceof UpstreamException) {
        applied.addAll(((UpstreamException) e.getCause()).applied());
      }
    }
    return result;
  }

  /** Every record the upstream applied, in the order it applied them. */
  synchronized List<Record> applied() {
    return List.copyOf(applied);
  }

  long faults() {
    return faults.get();
  }

  InMemoryUpstream delegate() {
    return delegate;
  }
}
