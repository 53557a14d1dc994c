package com.example.mutations;

import io.mutationapi.server.InMemoryConsumer;
import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.Consumer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** A consumer that keeps a copy in memory, slowly: each batch completes after a delay. */
final class SlowMirror implements Consumer {
  private final InMemoryConsumer copy = new InMemoryConsumer();
  private final Duration delay;

  SlowMirror(Duration delay) {
    this.delay = delay;
  }

  @Override
  public CompletionStage<Void> process(List<ChangeEvent> batch) {
    // Delay without holding a thread: the stage completes later, from the JDK's timer.
    return CompletableFuture.runAsync(
            () -> {}, CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS))
        .thenCompose(ignored -> copy.process(batch));
  }
}
