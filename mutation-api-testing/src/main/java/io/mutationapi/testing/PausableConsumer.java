package io.mutationapi.testing;

import io.mutationapi.server.spi.BatchResult;
import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.Consumer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@link Consumer} that wraps another and can hold its deliveries: after {@link #pause()}, a
 * batch is not given to the delegate, and its stage does not complete, until {@link #resume()}.
 * This lets a test make a request wait for a consumer, or a stream fill up.
 *
 * <p>Thread-safe.
 */
public final class PausableConsumer implements Consumer {
  private final Consumer delegate;
  private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

  private PausableConsumer(Consumer delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** Returns a consumer that passes every batch to {@code delegate} until paused. */
  public static PausableConsumer wrap(Consumer delegate) {
    return new PausableConsumer(delegate);
  }

  /** Returns the wrapped consumer. */
  public Consumer delegate() {
    return delegate;
  }

  /** Passes {@code batch} to the delegate, or, while paused, once resumed. */
  @Override
  public CompletionStage<Void> process(List<ChangeEvent> batch) {
    return gate.thenCompose(ignored -> delegate.process(batch));
  }

  /**
   * Passes {@code batch} to the delegate's {@code processBatch}, or, while paused, once resumed.
   */
  @Override
  public CompletionStage<BatchResult> processBatch(List<ChangeEvent> batch) {
    return gate.thenCompose(ignored -> delegate.processBatch(batch));
  }

  /** Holds delivery: batches are not passed on, and their stages not completed, until resumed. */
  public synchronized void pause() {
    if (gate.isDone()) {
      gate = new CompletableFuture<>();
    }
  }

  /** Passes on the held batches and lets delivery continue. */
  public void resume() {
    CompletableFuture<Void> held;
    synchronized (this) {
      held = gate;
      gate = CompletableFuture.completedFuture(null);
    }
    held.complete(null);
  }

  @Override
  public String toString() {
    return "PausableConsumer{" + delegate + "}";
  }
}
