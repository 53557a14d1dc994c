package io.mutationapi.server;

import io.mutationapi.Record;
import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.Consumer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Consumer} that keeps the newest version of every record in memory: a stand-in for a
 * table kept in sync, for tests and demos.
 *
 * <p>Versions are compared by {@code updated_idx}, so a redelivered or late older version never
 * replaces a newer one, and a deleted record stays deleted. It remembers the newest {@code
 * maxTombstones} deletes only (10,000 by default), so that deletes do not grow its heap: a late
 * older version of a record deleted before those is taken as new. To hold its deliveries in a test,
 * wrap it in {@code PausableConsumer} of the {@code mutation-api-testing} artifact.
 *
 * <p>Thread-safe.
 */
public final class InMemoryConsumer implements Consumer {
  private final Map<Key, Record> latest = new ConcurrentHashMap<>();
  private final AtomicLong events = new AtomicLong();
  private final int maxTombstones;
  // Deleted records in the order their deletes arrived; a key may be there twice (redelivered).
  private final Queue<Key> tombstones = new ConcurrentLinkedQueue<>();
  private final AtomicInteger tombstoneCount = new AtomicInteger();

  private record Key(String syncId, String collectionId, String upstreamId) {}

  /** Creates an empty consumer that remembers the newest 10,000 deletes. */
  public InMemoryConsumer() {
    this(10_000);
  }

  /**
   * Creates an empty consumer that remembers the newest {@code maxTombstones} deletes.
   *
   * @throws IllegalArgumentException if {@code maxTombstones} is negative
   */
  public InMemoryConsumer(int maxTombstones) {
    if (maxTombstones < 0) {
      throw new IllegalArgumentException("maxTombstones must not be negative: " + maxTombstones);
    }
    this.maxTombstones = maxTombstones;
  }

  @Override
  public CompletionStage<Void> process(List<ChangeEvent> batch) {
    batch.forEach(this::apply);
    return CompletableFuture.completedFuture(null);
  }

  private void apply(ChangeEvent event) {
    Record record = event.record();
    events.incrementAndGet();
    Key key = new Key(record.syncId(), record.collectionId(), record.upstreamId());
    Record kept =
        latest.merge(
            key,
            record,
            (old, fresh) ->
                fresh.updatedIdx().orElse(Long.MIN_VALUE) >= old.updatedIdx().orElse(Long.MIN_VALUE)
                    ? fresh
                    : old);
    if (kept == record && record.deleted()) {
      tombstones.add(key);
      if (tombstoneCount.incrementAndGet() > maxTombstones) {
        forgetOldestTombstone();
      }
    }
  }

  private void forgetOldestTombstone() {
    Key oldest = tombstones.poll();
    if (oldest != null) {
      tombstoneCount.decrementAndGet();
      // Only if it is still deleted: the record may have come back since.
      latest.computeIfPresent(oldest, (k, r) -> r.deleted() ? null : r);
    }
  }

  /** Returns the newest version of a record, or empty if it was never seen or is deleted. */
  public Optional<Record> get(String syncId, String collectionId, String upstreamId) {
    return Optional.ofNullable(latest.get(new Key(syncId, collectionId, upstreamId)))
        .filter(r -> !r.deleted());
  }

  /** Returns the newest version of every record that is not deleted, in no particular order. */
  public List<Record> records() {
    List<Record> records = new ArrayList<>();
    for (Record record : latest.values()) {
      if (!record.deleted()) {
        records.add(record);
      }
    }
    return records;
  }

  /** Returns how many events were applied, counting redeliveries. */
  public long eventCount() {
    return events.get();
  }

  @Override
  public String toString() {
    return "InMemoryConsumer{records=" + latest.size() + "}";
  }

  /**
   * Returns true: {@link #process} only updates a concurrent map, so a stream may call it on the
   * publishing thread and answer a request awaiting it without a thread hand-off.
   */
  @Override
  public boolean isNonBlocking() {
    return true;
  }

  /** Returns {@code "in_memory"}, this consumer's kind in the Management API. */
  @Override
  public String kind() {
    return "in_memory";
  }
}
