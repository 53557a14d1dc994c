package io.mutationapi.faults;

import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.spi.Upstream;
import io.mutationapi.server.spi.UpstreamContext;
import io.mutationapi.server.spi.UpstreamException;
import io.mutationapi.testing.FaultyUpstream;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link InMemoryUpstream} that fails on purpose, from a seeded random: timeouts, 5xx,
 * connection resets, rate limits, untyped exceptions, and failures at a random index of a batch
 * (scripted on a {@link FaultyUpstream}). Every fault is honest (a failure reports exactly what was
 * applied), and every applied record is kept, so a test can compare it with what the stream
 * delivered.
 */
final class ChaosUpstream implements Upstream {
  private final InMemoryUpstream store;
  private final FaultyUpstream faulty;
  private final SplittableRandom random;
  private final double faultRate;
  private final Duration rateLimitRetryAfter;
  private final AtomicLong faults = new AtomicLong();

  ChaosUpstream(InMemoryUpstream store, long seed, double faultRate, Duration retryAfter) {
    this.store = store;
    this.faulty = FaultyUpstream.wrap(store);
    this.random = new SplittableRandom(seed);
    this.faultRate = faultRate;
    this.rateLimitRetryAfter = retryAfter;
  }

  @Override
  public boolean isAtomic() {
    return faulty.isAtomic();
  }

  @Override
  public int maxBatchSize() {
    return faulty.maxBatchSize();
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
          faulty.failAtRecord(
              random.nextInt(batch.size()),
              random.nextBoolean()
                  ? UpstreamException.validation("Salesforce validation error: `Invalid email`")
                  : UpstreamException.failed("Salesforce answered 500", null));
      }
    }
    // The store has no latency: the stage is complete, and the applied records kept, on return.
    return faulty.apply(batch, context);
  }

  /** Every record the upstream applied, in the order it applied them. */
  List<Record> applied() {
    return faulty.applied();
  }

  long faults() {
    return faults.get();
  }

  /** How many batches reached the store's wrapper, that is, were not failed before it. */
  long batchCount() {
    return faulty.batchCount();
  }

  InMemoryUpstream store() {
    return store;
  }
}
