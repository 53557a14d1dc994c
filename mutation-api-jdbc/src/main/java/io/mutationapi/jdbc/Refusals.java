package io.mutationapi.jdbc;

import io.mutationapi.Record;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, per record version, since when and how often the table has refused it, so a record is
 * retried for a bounded time or number of attempts rather than forever. Thread-safe.
 *
 * <p>Entries go when the version is written or given up on. A version that is never delivered again
 * (a newer one replaced it) leaves its entry behind; when there are many, those older than an hour
 * are dropped, so the map stays small.
 */
final class Refusals {
  private static final int SWEEP_ABOVE = 10_000;
  private static final long FORGET_NANOS = 3_600_000_000_000L;

  private final Map<List<Object>, long[]> seen = new ConcurrentHashMap<>();

  /** One more refusal of {@code record}: returns {attempts, nanos since the first refusal}. */
  long[] refused(Record record, long nowNanos) {
    if (seen.size() > SWEEP_ABOVE) {
      seen.values().removeIf(v -> nowNanos - v[0] > FORGET_NANOS);
    }
    long[] entry =
        seen.compute(
            key(record),
            (k, v) -> v == null ? new long[] {nowNanos, 1} : new long[] {v[0], v[1] + 1});
    return new long[] {entry[1], nowNanos - entry[0]};
  }

  void forget(Record record) {
    if (!seen.isEmpty()) {
      seen.remove(key(record));
    }
  }

  /** Returns how many record versions are being retried now. */
  int retrying() {
    return seen.size();
  }

  private static List<Object> key(Record r) {
    return List.of(
        r.syncId(),
        r.collectionId(),
        r.upstreamId(),
        r.updatedIdx().isPresent() ? r.updatedIdx().getAsLong() : -1L);
  }
}
