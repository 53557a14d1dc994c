package io.mutationapi.salesforce;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Chooses each record's {@code updated_idx}: a number of microseconds since the epoch that is
 * strictly greater for every later version of a record, although Salesforce's {@code
 * SystemModstamp} has one-second precision and two updates in the same second share it.
 *
 * <p>The index of a version is the largest of three numbers:
 *
 * <ol>
 *   <li>its {@code SystemModstamp}, in microseconds: versions Salesforce stamped in different
 *       seconds are ordered as Salesforce ordered them;
 *   <li>the local time, in microseconds, at which the read that returned the version was sent: that
 *       read was sent after the version's write was answered, and a read that returned an earlier
 *       version was sent before this version was written (or it would have returned this one), so
 *       versions within one second are ordered by the clock of the node that read them;
 *   <li>one more than the last index this adapter gave the record (remembered for the most recent
 *       records): two versions read in the same microsecond, or a clock that stepped back, still
 *       get increasing indexes.
 * </ol>
 *
 * <p>A delete's index uses the time its answer arrived instead of a read's, which is after every
 * read of a version before it. Several nodes writing the same record within one second rely on
 * their clocks agreeing to within that second. Thread-safe.
 */
final class UpdatedIdx {
  /** How many records' last indexes are remembered; older ones fall back to the times alone. */
  private static final int REMEMBERED = 100_000;

  private final Clock clock;

  // Guarded by this; least recently issued first.
  private final Map<String, Long> last =
      new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > REMEMBERED;
        }
      };

  UpdatedIdx(Clock clock) {
    this.clock = clock;
  }

  /** Returns the local time now, for a read about to be sent or an answer just received. */
  Instant now() {
    return clock.instant();
  }

  /**
   * Returns the index of the version of record {@code key} (sObject and id) stamped {@code stamp}
   * and read at {@code readAt}, and remembers it.
   */
  synchronized long next(String key, Instant stamp, Instant readAt) {
    long candidate = Math.max(micros(stamp), micros(readAt));
    Long previous = last.get(key);
    if (previous != null && candidate <= previous) {
      candidate = previous + 1;
    }
    last.put(key, candidate);
    return candidate;
  }

  private static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }
}
