package io.mutationapi.salesforce;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chooses each record's {@code updated_idx}: a number of microseconds since the epoch that is
 * strictly greater for every later version of a record, although Salesforce's {@code
 * SystemModstamp} has one-second precision and two updates in the same second share it. The write
 * path (a read-back after a write) and the change poll ({@code queryAll} over {@code
 * SystemModstamp}) both take their indexes here, from one instance per upstream.
 *
 * <p>The index of a version is the larger of two numbers: its {@code SystemModstamp}, in
 * microseconds (versions Salesforce stamped in different seconds are ordered as Salesforce ordered
 * them), and the local time, in microseconds, at which the read that returned the version was sent
 * (that read was sent after the version's write was answered, and a read that returned an earlier
 * version was sent before this version was written, or it would have returned this one).
 *
 * <p>For the most recent records the last version given an index is remembered (its stamp, read
 * time, a fingerprint of its fields, and its index), and corrects that number:
 *
 * <ul>
 *   <li>the same version read again (same stamp, same fields), by the other path or by a later
 *       poll, gets the same index, so consumers see one version, not two;
 *   <li>a newer version (a later stamp, or the same stamp read no earlier) gets at least one more
 *       than the remembered index, even when read in the same microsecond;
 *   <li>an older version (an earlier stamp, or the same stamp read earlier: an answer that arrived
 *       after a newer one, such as a poll sent before a write and answered after its read-back)
 *       gets less than the remembered index, so it never overwrites the newer one.
 * </ul>
 *
 * <p>The invariant consumers rely on is the last two: an older version never gets a larger index
 * than a newer one. Where nothing is remembered (another node, a restart, a record evicted from the
 * memory) the same version read by both paths may get two indexes, the later read's being the
 * larger; both carry the same fields, so keeping either is correct. A version known only from a
 * write's answer (a delete, a record that could not be read back) has no fingerprint and uses the
 * time the answer arrived as its stamp and read time; it is ordered against the version before or
 * after it by read times alone. Several nodes writing the same record within one second rely on
 * their clocks agreeing to within that second, and a clock that steps back makes a read look older
 * than it is. Thread-safe.
 */
final class UpdatedIdx {
  /** How many records' last indexes are remembered; older ones fall back to the times alone. */
  private static final int REMEMBERED = 100_000;

  /** The fingerprint of a version whose fields are not known; never equal to another. */
  static final long NO_FINGERPRINT = 0L;

  private final Clock clock;

  /** The last version of a record given an index. */
  private record Issued(long index, long stamp, long readAt, long fingerprint) {}

  // Guarded by this; least recently issued first.
  private final Map<String, Issued> last =
      new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Issued> eldest) {
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
   * and read at {@code readAt}, whose fields are unknown.
   */
  long next(String key, Instant stamp, Instant readAt) {
    return next(key, stamp, readAt, NO_FINGERPRINT);
  }

  /**
   * Returns the index of the version of record {@code key} stamped {@code stamp}, read at {@code
   * readAt}, with fields of {@code fingerprint} ({@link #fingerprint}); see the class comment.
   */
  synchronized long next(String key, Instant stamp, Instant readAt, long fingerprint) {
    long stampMicros = micros(stamp);
    long readMicros = micros(readAt);
    long candidate = Math.max(stampMicros, readMicros);
    Issued previous = last.get(key);
    if (previous == null) {
      last.put(key, new Issued(candidate, stampMicros, readMicros, fingerprint));
      return candidate;
    }
    if (fingerprint != NO_FINGERPRINT
        && previous.fingerprint() == fingerprint
        && previous.stamp() == stampMicros) {
      return previous.index();
    }
    // A version known only from a write's answer has no Salesforce stamp to compare: its answer
    // time orders it.
    boolean stamped = fingerprint != NO_FINGERPRINT && previous.fingerprint() != NO_FINGERPRINT;
    boolean newer =
        stamped
            ? stampMicros > previous.stamp()
                || (stampMicros == previous.stamp() && readMicros >= previous.readAt())
            : readMicros >= previous.readAt();
    if (!newer) {
      return Math.min(candidate, previous.index() - 1);
    }
    if (candidate <= previous.index()) {
      candidate = previous.index() + 1;
    }
    last.put(key, new Issued(candidate, stampMicros, readMicros, fingerprint));
    return candidate;
  }

  /**
   * Returns a 64-bit fingerprint of a record's fields (FNV-1a over their names and values in name
   * order), never {@link #NO_FINGERPRINT}.
   */
  static long fingerprint(Map<String, Object> fields) {
    long hash = 0xcbf29ce484222325L;
    String text = new TreeMap<>(fields).toString();
    for (int i = 0; i < text.length(); i++) {
      hash ^= text.charAt(i);
      hash *= 0x100000001b3L;
    }
    return hash == NO_FINGERPRINT ? 1L : hash;
  }

  private static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }
}
