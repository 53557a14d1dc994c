package io.mutationapi.server;

import io.mutationapi.await.Position;
import io.mutationapi.internal.await.AwaitRegistry;
import io.mutationapi.server.spi.ConsumerProgress;

/** Hands a stream's progress reports to the await registry, which wakes the waiting requests. */
final class RegistryProgress implements ConsumerProgress {
  private final AwaitRegistry registry;

  RegistryProgress(AwaitRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void advanced(String consumerId, int partition, long nextOffset) {
    registry.advance(consumerId, partition, nextOffset);
  }

  @Override
  public void notApplied(String consumerId, Position position, String reason) {
    registry.notApplied(consumerId, position, reason);
  }
}
