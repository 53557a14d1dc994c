package io.mutationapi.server;

import io.mutationapi.Record;
import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.Consumer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/** Records every event it is given; can be told to throw on its next calls. */
final class RecordingConsumer implements Consumer {
  private final List<ChangeEvent> events = new ArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AtomicInteger calls = new AtomicInteger();

  /** Makes the next {@code n} calls throw. */
  RecordingConsumer failNext(int n) {
    failuresLeft.set(n);
    return this;
  }

  @Override
  public CompletionStage<Void> process(List<ChangeEvent> batch) {
    calls.incrementAndGet();
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("consumer is down");
    }
    synchronized (events) {
      events.addAll(batch);
    }
    return CompletableFuture.completedFuture(null);
  }

  List<ChangeEvent> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  List<Record> records() {
    List<Record> records = new ArrayList<>();
    for (ChangeEvent event : events()) {
      records.add(event.record());
    }
    return records;
  }

  int calls() {
    return calls.get();
  }
}
