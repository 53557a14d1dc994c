package io.mutationapi.testing;

import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.server.spi.RecordOutcome;
import io.mutationapi.server.spi.Upstream;
import io.mutationapi.server.spi.UpstreamContext;
import io.mutationapi.server.spi.UpstreamException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * An {@link Upstream} that wraps another and fails on demand: the next batch ({@link #failNext}), a
 * chosen record ({@link #failAtRecord}), or a seeded share of batches ({@link #failRandomly}). It
 * also counts the batches it was given ({@link #batchCount()}) and keeps every record its delegate
 * applied ({@link #applied()}), so a test can compare them with what the stream delivered.
 *
 * <p>Every fault is honest: a failure reports exactly what the delegate applied. A batch that no
 * fault picks is passed to the delegate unchanged, and {@link #isAtomic()}, {@link
 * #isNonBlocking()} and {@link #maxBatchSize()} are the delegate's. Thread-safe.
 */
public final class FaultyUpstream implements Upstream {
  private final Upstream delegate;
  private final AtomicLong batches = new AtomicLong();

  // Guarded by this.
  private final Queue<UpstreamException> nextFailures = new ArrayDeque<>();
  private long recordsUntilFailure = -1;
  private UpstreamException recordFailure;
  private double failureRate;
  private SplittableRandom random;
  private final List<Record> applied = new ArrayList<>();

  private FaultyUpstream(Upstream delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** Returns an upstream that passes every batch to {@code delegate} until a fault is set. */
  public static FaultyUpstream wrap(Upstream delegate) {
    return new FaultyUpstream(delegate);
  }

  /** Returns the wrapped upstream. */
  public Upstream delegate() {
    return delegate;
  }

  @Override
  public boolean isAtomic() {
    return delegate.isAtomic();
  }

  @Override
  public boolean isNonBlocking() {
    return delegate.isNonBlocking();
  }

  @Override
  public int maxBatchSize() {
    return delegate.maxBatchSize();
  }

  /**
   * Applies {@code batch} through the delegate, or fails it as set: a {@link #failNext} failure
   * first, then a {@link #failRandomly} one (a 502 before anything is applied), then a {@link
   * #failAtRecord} one if its record is in this batch.
   */
  @Override
  public CompletionStage<List<Record>> apply(MutationRequest batch, UpstreamContext context) {
    // Every call of the delegate goes through this one function.
    return applyThrough(batch, part -> delegate.apply(part, context));
  }

  /**
   * Applies {@code batch} as {@link #apply(MutationRequest, UpstreamContext)}, calling the delegate
   * with {@code to}.
   */
  private CompletionStage<List<Record>> applyThrough(
      MutationRequest batch, Function<MutationRequest, CompletionStage<List<Record>>> to) {
    Objects.requireNonNull(batch, "batch");
    batches.incrementAndGet();
    UpstreamException failure;
    int failAt = -1;
    synchronized (this) {
      failure = nextFailures.poll();
      if (failure == null && failureRate > 0 && random.nextDouble() < failureRate) {
        failure = UpstreamException.failed("Salesforce API error", null);
      }
      if (failure == null && recordFailure != null && recordsUntilFailure < batch.size()) {
        failAt = (int) recordsUntilFailure;
      }
    }
    if (failure != null) {
      return CompletableFuture.failedFuture(failure);
    }
    if (failAt < 0) {
      return to.apply(batch).whenComplete((records, e) -> completed(batch, records, e));
    }
    return failAtRecord(batch, failAt, to);
  }

  private CompletionStage<List<Record>> failAtRecord(
      MutationRequest batch,
      int failAt,
      Function<MutationRequest, CompletionStage<List<Record>>> to) {
    if (isAtomic()) {
      // Nothing of an atomic batch is applied: the delegate is not called.
      UpstreamException failure = fired();
      if (batch.size() == 1) {
        return CompletableFuture.failedFuture(failure);
      }
      // Say which record failed; the others were rolled back with it.
      List<RecordOutcome> outcomes = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        outcomes.add(
            RecordOutcome.failed(
                i == failAt ? failure.getMessage() : "Not applied: the batch was rolled back"));
      }
      return CompletableFuture.failedFuture(failure.withOutcomes(outcomes));
    }
    if (failAt == 0) {
      return CompletableFuture.failedFuture(fired().withApplied(List.of()));
    }
    // A non-atomic upstream keeps the records before the failing one.
    MutationRequest before = slice(batch, failAt);
    return to.apply(before)
        .whenComplete((records, e) -> completed(before, records, e))
        .thenCompose(records -> CompletableFuture.failedFuture(fired().withApplied(records)));
  }

  private synchronized UpstreamException fired() {
    UpstreamException failure = recordFailure;
    recordFailure = null;
    recordsUntilFailure = -1;
    return failure;
  }

  private synchronized void completed(MutationRequest batch, List<Record> records, Throwable e) {
    List<Record> done = records != null ? records : List.of();
    if (e != null) {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      done = cause instanceof UpstreamException ? ((UpstreamException) cause).applied() : List.of();
    }
    applied.addAll(done);
    if (recordFailure != null) {
      recordsUntilFailure -= done.size();
    }
  }

  private static MutationRequest slice(MutationRequest batch, int to) {
    if (batch instanceof MutationRequest.Create) {
      MutationRequest.Create c = (MutationRequest.Create) batch;
      return new MutationRequest.Create(
          c.syncId(), c.collectionId(), c.records().subList(0, to), Optional.empty());
    }
    if (batch instanceof MutationRequest.Update) {
      MutationRequest.Update u = (MutationRequest.Update) batch;
      return new MutationRequest.Update(
          u.syncId(), u.collectionId(), u.records().subList(0, to), Optional.empty());
    }
    MutationRequest.Delete d = (MutationRequest.Delete) batch;
    return new MutationRequest.Delete(
        d.syncId(), d.collectionId(), d.upstreamIds().subList(0, to), Optional.empty());
  }

  /** Makes the next batch fail with {@code failure} before applying anything. Cumulative. */
  public synchronized void failNext(UpstreamException failure) {
    nextFailures.add(Objects.requireNonNull(failure, "failure"));
  }

  /**
   * Makes the record that comes after {@code recordsBefore} more applied records fail with {@code
   * failure}: with 0, the first record of the next batch fails. A non-atomic delegate is given the
   * records of that batch before it, and the failure reports them as applied; an atomic one is not
   * called, and the failure names the record that failed (even if an earlier record would have
   * failed in the delegate). Records are counted as their batches complete. Replaces a previous
   * call that has not fired.
   *
   * @throws IllegalArgumentException if {@code recordsBefore} is negative
   */
  public synchronized void failAtRecord(int recordsBefore, UpstreamException failure) {
    if (recordsBefore < 0) {
      throw new IllegalArgumentException("recordsBefore must not be negative: " + recordsBefore);
    }
    this.recordsUntilFailure = recordsBefore;
    this.recordFailure = Objects.requireNonNull(failure, "failure");
  }

  /**
   * Makes a share of batches, 0 to 1, fail with a 502 before applying anything, picked by a random
   * with {@code seed} so that a run can be repeated. 0 turns it off.
   *
   * @throws IllegalArgumentException if {@code rate} is not in [0, 1]
   */
  public synchronized void failRandomly(double rate, long seed) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("rate must be in [0, 1]: " + rate);
    }
    this.failureRate = rate;
    this.random = new SplittableRandom(seed);
  }

  /** Returns how many batches {@link #apply} has been called with, including failed ones. */
  public long batchCount() {
    return batches.get();
  }

  /** Returns every record the delegate applied through this wrapper, in the order it did. */
  public synchronized List<Record> applied() {
    return List.copyOf(applied);
  }

  @Override
  public String toString() {
    return "FaultyUpstream{" + delegate + "}";
  }
}
