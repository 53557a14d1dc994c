package io.mutationapi.server;

import io.mutationapi.Record;
import io.mutationapi.server.spi.ChangePage;
import io.mutationapi.server.spi.ChangeQuery;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The changes of {@link InMemoryUpstream}, per collection, in upstream order: the latest version of
 * every record (deletes as tombstones), keyed by its {@code updated_idx}, which is the cursor. A
 * record's older version leaves the log when a newer one enters, so a backfill reads each record
 * once. It keeps the newest {@code maxTombstones} deletes only (of all collections together), so
 * that it does not grow with deletes: a reader further behind than that misses the older deletes,
 * as a Salesforce poll misses records purged from the recycle bin. Not thread-safe: the upstream
 * calls it under its lock.
 */
final class ChangeLog {
  private final Map<String, NavigableMap<Long, Record>> byCollection = new HashMap<>();
  private final Map<String, Map<String, Long>> latest = new HashMap<>();
  private final int maxTombstones;
  // Deletes in the order they entered; some may since have left the log (the id came back).
  private final ArrayDeque<Record> tombstones = new ArrayDeque<>();
  private int liveTombstones;

  ChangeLog(int maxTombstones) {
    this.maxTombstones = maxTombstones;
  }

  /** Records {@code record} (its {@code updated_idx} set) as the newest change of its record. */
  void add(Record record) {
    long idx = record.updatedIdx().orElseThrow();
    NavigableMap<Long, Record> log =
        byCollection.computeIfAbsent(record.collectionId(), c -> new TreeMap<>());
    Long previous =
        latest
            .computeIfAbsent(record.collectionId(), c -> new HashMap<>())
            .put(record.upstreamId(), idx);
    if (previous != null) {
      Record replaced = log.remove(previous);
      if (replaced != null && replaced.deleted()) {
        liveTombstones--;
      }
    }
    log.put(idx, record);
    if (record.deleted()) {
      tombstones.add(record);
      liveTombstones++;
      forgetOldTombstones();
    }
  }

  /** Returns how many deletes the log keeps. */
  int tombstones() {
    return liveTombstones;
  }

  private void forgetOldTombstones() {
    while (liveTombstones > maxTombstones) {
      Record oldest = tombstones.poll();
      long idx = oldest.updatedIdx().orElseThrow();
      NavigableMap<Long, Record> log = byCollection.get(oldest.collectionId());
      if (log.get(idx) != oldest) {
        continue; // Replaced since by a newer version of its record.
      }
      log.remove(idx);
      latest.get(oldest.collectionId()).remove(oldest.upstreamId());
      liveTombstones--;
    }
    // Entries of replaced tombstones are dropped as they reach the head; bound them too.
    while (tombstones.size() > 2 * maxTombstones + 16) {
      Record head = tombstones.peek();
      NavigableMap<Long, Record> log = byCollection.get(head.collectionId());
      if (log.get(head.updatedIdx().orElseThrow()) == head) {
        break;
      }
      tombstones.poll();
    }
  }

  /**
   * Returns the page after {@code query}'s cursor.
   *
   * @throws IllegalArgumentException if the cursor is not one this log gave
   */
  ChangePage page(ChangeQuery query) {
    long after = query.cursor().map(ChangeLog::parse).orElse(0L);
    Instant notBefore = query.cursor().isEmpty() ? query.notBefore().orElse(null) : null;
    NavigableMap<Long, Record> tail =
        byCollection.getOrDefault(query.collectionId(), new TreeMap<>()).tailMap(after, false);
    // Not tail.size(): on a sub-map view it counts every entry.
    List<Record> records = new ArrayList<>(Math.min(query.limit(), 1024));
    long cursor = after;
    boolean hasMore = false;
    for (Map.Entry<Long, Record> entry : tail.entrySet()) {
      if (records.size() == query.limit()) {
        hasMore = true;
        break;
      }
      cursor = entry.getKey();
      Record record = entry.getValue();
      if (notBefore != null && record.upstreamUpdatedAt().isBefore(notBefore)) {
        continue;
      }
      records.add(
          record.syncId().equals(query.syncId())
              ? record
              : record.toBuilder().syncId(query.syncId()).build());
    }
    return new ChangePage(records, Long.toString(cursor), hasMore);
  }

  private static long parse(String cursor) {
    try {
      long value = Long.parseLong(cursor);
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new IllegalArgumentException("not a cursor of this upstream: " + cursor);
  }
}
