package io.mutationapi.server;

import io.mutationapi.await.Position;
import io.mutationapi.internal.await.AwaitRegistry;
import io.mutationapi.server.spi.ConsumerProgress;
import io.mutationapi.server.spi.ServerObserver;

/**
 * Hands a stream's progress reports to the await registry, which wakes the waiting requests, and
 * its batch reports to the observer.
 */
final class RegistryProgress implements ConsumerProgress {
  private final AwaitRegistry registry;
  private final ServerObserver observer;

  RegistryProgress(AwaitRegistry registry, ServerObserver observer) {
    this.registry = registry;
    this.observer = observer;
  }

  @Override
  public void advanced(String consumerId, int partition, long nextOffset) {
    registry.advance(consumerId, partition, nextOffset);
  }

  @Override
  public void notApplied(String consumerId, Position position, String reason) {
    registry.notApplied(consumerId, position, reason);
  }

  @Override
  public void batchProcessed(String consumerId, int events, long durationNanos, boolean succeeded) {
    observer.consumerBatch(consumerId, events, durationNanos, succeeded);
  }
}
