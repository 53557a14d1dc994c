package io.mutationapi.faults;

import io.mutationapi.Record;
import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.Consumer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A consumer whose batches complete only once its gate is {@linkplain #open() open}, so that a test
 * holds requests in their await; it records every record it completed, redeliveries included. A
 * gate never opened stands for a consumer that hangs or crashes mid-batch. Thread-safe.
 */
final class GatedConsumer implements Consumer {
  private final CompletableFuture<Void> gate = new CompletableFuture<>();
  private final List<Record> records = new ArrayList<>();

  static GatedConsumer open() {
    GatedConsumer consumer = new GatedConsumer();
    consumer.openGate();
    return consumer;
  }

  static GatedConsumer closed() {
    return new GatedConsumer();
  }

  /** Lets every held batch and every later one complete. */
  void openGate() {
    gate.complete(null);
  }

  @Override
  public CompletionStage<Void> process(List<ChangeEvent> batch) {
    return gate.thenRun(
        () -> {
          synchronized (records) {
            batch.forEach(event -> records.add(event.record()));
          }
        });
  }

  /** Returns the upstream ids of the records completed, in order, counting redeliveries. */
  List<String> upstreamIds() {
    synchronized (records) {
      return records.stream().map(Record::upstreamId).toList();
    }
  }
}
