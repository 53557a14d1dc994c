package io.mutationapi.micrometer;

import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.Consumer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A consumer the test steers: while closed, its batches stay in progress until {@link #open()}; its
 * first {@code failures} batches fail.
 */
final class FakeConsumer implements Consumer {
  private final AtomicInteger failuresLeft;
  private volatile CompletableFuture<Void> gate = new CompletableFuture<>();
  final AtomicInteger processed = new AtomicInteger();

  private FakeConsumer(boolean open, int failures) {
    this.failuresLeft = new AtomicInteger(failures);
    if (open) {
      gate.complete(null);
    }
  }

  static FakeConsumer open() {
    return new FakeConsumer(true, 0);
  }

  static FakeConsumer closed() {
    return new FakeConsumer(false, 0);
  }

  static FakeConsumer failingFirst(int failures) {
    return new FakeConsumer(true, failures);
  }

  void openGate() {
    gate.complete(null);
  }

  @Override
  public CompletionStage<Void> process(List<ChangeEvent> batch) {
    if (failuresLeft.getAndDecrement() > 0) {
      return CompletableFuture.failedFuture(new IllegalStateException("injected failure"));
    }
    return gate.thenRun(() -> processed.addAndGet(batch.size()));
  }
}
