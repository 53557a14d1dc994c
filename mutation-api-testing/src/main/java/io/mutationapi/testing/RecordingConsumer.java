package io.mutationapi.testing;

import io.mutationapi.Record;
import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.Consumer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Consumer} that records every event it is given, and can be told to throw on its next
 * calls ({@link #failNext}), so that a test sees what a stream delivered and how it retries.
 *
 * <p>Thread-safe.
 */
public final class RecordingConsumer implements Consumer {
  private final List<ChangeEvent> events = new ArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AtomicInteger calls = new AtomicInteger();

  /** Creates a consumer that has recorded nothing and does not fail. */
  public RecordingConsumer() {}

  /**
   * Makes the next {@code n} calls of {@link #process} throw an {@link IllegalStateException}
   * without recording their batch; replaces a previous count. Returns this consumer.
   *
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public RecordingConsumer failNext(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative: " + n);
    }
    failuresLeft.set(n);
    return this;
  }

  /** Records {@code batch} and completes at once, or throws if told to fail this call. */
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

  /** Returns every event recorded, in the order received, counting redeliveries. */
  public List<ChangeEvent> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /** Returns the record of every event recorded, in the order received. */
  public List<Record> records() {
    List<Record> records = new ArrayList<>();
    for (ChangeEvent event : events()) {
      records.add(event.record());
    }
    return records;
  }

  /** Returns how many times {@link #process} was called, including the calls that threw. */
  public int calls() {
    return calls.get();
  }

  @Override
  public String toString() {
    return "RecordingConsumer{calls=" + calls.get() + "}";
  }
}
