package io.mutationapi.server;

import io.mutationapi.server.spi.IdempotencyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link IdempotencyStore} in memory, for one server process: the default of {@link
 * MutationServer}.
 *
 * <p>Keeps each response for the retention (24 hours by default) after the request finished, then
 * forgets it, within two budgets: at most {@link Builder#maxBytes} (64 MiB by default) of entries,
 * counted with their keys and digests and a fixed overhead each, and at most {@link
 * Builder#maxEntries} keys (1,000,000). Keeping a key beyond either forgets the oldest kept
 * responses first, before their retention is over; a response larger than the whole byte budget is
 * not kept at all. Either way the key is new again, and a retry with it runs the mutation again (a
 * create would be applied twice). Keys whose request is still running are never forgotten: when
 * they alone fill {@code maxEntries}, claims of new keys fail with {@link IllegalStateException}
 * (answered 503 with Retry-After: nothing ran). Nothing survives a restart; several server nodes
 * need a shared store.
 *
 * <p>Memory: the counted bytes are the heap the entries take, within a few percent (measured by the
 * benchmarks' {@code MemoryBenchmark}: about 790 bytes per key with the 365-byte answer of a
 * 1-record create, 797 counted), so {@code maxBytes} bounds this store's heap. Under load the byte
 * budget is what binds: 64 MiB hold about 84,000 such answers, so at 8,000 keyed requests a second
 * (the client sends a key with every call) an answer is kept about 10 seconds, not 24 hours; {@link
 * #forgottenEarly()} counts what was forgotten early and a warning is logged (at most every 10
 * minutes) with the age of the oldest answer still kept. Raise the budget, or use a store in a
 * database, where retries may come late.
 *
 * <p>Thread-safe.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
  /** The default of {@link Builder#maxBytes}: 64 MiB. */
  public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(InMemoryIdempotencyStore.class);

  /**
   * What an entry costs beyond its strings, digest and body: the key, entry, response and instant
   * objects, the array headers and the map node (measured: see the class comment).
   */
  private static final int ENTRY_OVERHEAD = 200;

  private static final Duration WARNING_INTERVAL = Duration.ofMinutes(10);

  private final Duration retention;
  private final int maxEntries;
  private final long maxBytes;
  private final Clock clock;

  // Guarded by this. In order of last change, so expired entries are at the head.
  private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>();
  private long bytes;
  private long forgottenEarly;
  private Instant lastWarning;

  private record Key(String scope, String key) {}

  private record Entry(byte[] digest, StoredHttpResponse response, Instant changedAt, long size) {}

  private InMemoryIdempotencyStore(Builder b) {
    this.retention = b.retention;
    this.maxEntries = b.maxEntries;
    this.maxBytes = b.maxBytes;
    this.clock = b.clock;
  }

  /** Returns a store with the defaults: 24 hours, at most 1,000,000 keys and 64 MiB. */
  public static InMemoryIdempotencyStore create() {
    return builder().build();
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public synchronized CompletionStage<Claim> claim(String scope, String key, byte[] requestDigest) {
    Instant now = clock.instant();
    expire(now);
    Key k = new Key(scope, key);
    Entry entry = entries.get(k);
    if (entry == null) {
      if (entries.size() >= maxEntries && !forgetOldestResponse(now)) {
        return CompletableFuture.failedFuture(
            new IllegalStateException(
                "idempotency store is full: " + maxEntries + " keys, all still running"));
      }
      long size = size(k, requestDigest, null);
      makeRoom(size, now);
      put(k, new Entry(requestDigest.clone(), null, now, size));
      return CompletableFuture.completedFuture(new Claim.Acquired());
    }
    if (!java.security.MessageDigest.isEqual(entry.digest(), requestDigest)) {
      return CompletableFuture.completedFuture(new Claim.Mismatch());
    }
    if (entry.response() == null) {
      return CompletableFuture.completedFuture(new Claim.InProgress());
    }
    return CompletableFuture.completedFuture(new Claim.Completed(entry.response()));
  }

  @Override
  public synchronized CompletionStage<Void> finish(
      String scope, String key, Optional<StoredHttpResponse> response) {
    Key k = new Key(scope, key);
    Entry entry = remove(k);
    if (entry == null || response.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    long size = size(k, entry.digest(), response.get());
    if (size > maxBytes) {
      forgottenEarly++;
      log.warn(
          "idempotency store: a response of {} bytes is larger than maxBytes ({}); not kept, so a"
              + " retry with its key runs again",
          response.get().body().length,
          maxBytes);
      return CompletableFuture.completedFuture(null);
    }
    Instant now = clock.instant();
    makeRoom(size, now);
    put(k, new Entry(entry.digest(), response.get(), now, size));
    return CompletableFuture.completedFuture(null);
  }

  /** Forgets the oldest kept response; returns false if every key is still running. */
  private boolean forgetOldestResponse(Instant now) {
    Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
    while (it.hasNext()) {
      Entry oldest = it.next().getValue();
      if (oldest.response() != null) {
        it.remove();
        bytes -= oldest.size();
        forgottenEarly++;
        warnForgettingEarly(now, "maxEntries (" + maxEntries + " keys)");
        return true;
      }
    }
    return false;
  }

  /** Warns, at most every 10 minutes, that answers are forgotten before their retention. */
  private void warnForgettingEarly(Instant now, String budget) {
    if (lastWarning != null && now.isBefore(lastWarning.plus(WARNING_INTERVAL))) {
      return;
    }
    lastWarning = now;
    Duration kept =
        entries.isEmpty()
            ? Duration.ZERO
            : Duration.between(entries.values().iterator().next().changedAt(), now);
    log.warn(
        "idempotency store full at {}: answers are forgotten before their retention ({}); the"
            + " oldest kept is {} s old, so a retry later than that runs again ({} forgotten so"
            + " far). Raise the budget or use a shared store.",
        budget,
        retention,
        kept.toSeconds(),
        forgottenEarly);
  }

  /** Forgets the oldest kept responses until {@code size} more bytes fit; running keys stay. */
  private void makeRoom(long size, Instant now) {
    if (bytes + size <= maxBytes) {
      return;
    }
    int forgotten = 0;
    Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
    while (bytes + size > maxBytes && it.hasNext()) {
      Entry oldest = it.next().getValue();
      if (oldest.response() != null) {
        it.remove();
        bytes -= oldest.size();
        forgotten++;
      }
    }
    forgottenEarly += forgotten;
    if (forgotten > 0) {
      warnForgettingEarly(now, "maxBytes (" + maxBytes + " bytes)");
    }
  }

  private void put(Key k, Entry entry) {
    entries.put(k, entry);
    bytes += entry.size();
  }

  private Entry remove(Key k) {
    Entry entry = entries.remove(k);
    if (entry != null) {
      bytes -= entry.size();
    }
    return entry;
  }

  private static long size(Key k, byte[] digest, StoredHttpResponse response) {
    return ENTRY_OVERHEAD
        + 2L * (k.scope().length() + k.key().length())
        + digest.length
        + (response == null ? 0 : response.body().length);
  }

  /**
   * Returns how many bytes the kept keys and responses take, as counted against {@link
   * Builder#maxBytes}: bodies, digests and keys, and a fixed overhead for each entry.
   */
  public synchronized long bytes() {
    expire(clock.instant());
    return bytes;
  }

  /**
   * Returns how many responses were forgotten before their retention, or not kept, to stay within
   * {@link Builder#maxBytes}; a retry with one of their keys ran again. For metrics.
   */
  public synchronized long forgottenEarly() {
    return forgottenEarly;
  }

  /** Returns how many keys are kept, running or finished. */
  public synchronized int size() {
    expire(clock.instant());
    return entries.size();
  }

  private void expire(Instant now) {
    Instant oldest = now.minus(retention);
    Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
    while (it.hasNext()) {
      Entry entry = it.next().getValue();
      if (!entry.changedAt().isBefore(oldest)) {
        break;
      }
      it.remove();
      bytes -= entry.size();
    }
  }

  @Override
  public String toString() {
    return "InMemoryIdempotencyStore{retention=" + retention + ", maxBytes=" + maxBytes + "}";
  }

  /** Builds an {@link InMemoryIdempotencyStore}. Not thread-safe. */
  public static final class Builder {
    private Duration retention = Duration.ofHours(24);
    private int maxEntries = 1_000_000;
    private long maxBytes = DEFAULT_MAX_BYTES;
    private Clock clock = Clock.systemUTC();

    Builder() {}

    /** Sets how long a response is kept after its request finished; the default is 24 hours. */
    public Builder retention(Duration retention) {
      if (retention.isNegative() || retention.isZero()) {
        throw new IllegalArgumentException("retention must be positive: " + retention);
      }
      this.retention = retention;
      return this;
    }

    /**
     * Sets the most keys kept at once; the default is 1,000,000. Beyond it the oldest kept response
     * is forgotten before its retention; only when every key held is still running are new keys
     * refused.
     */
    public Builder maxEntries(int maxEntries) {
      if (maxEntries < 1) {
        throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
      }
      this.maxEntries = maxEntries;
      return this;
    }

    /**
     * Sets the most bytes of responses kept at once, counted with their keys and digests; the
     * default is 64 MiB. Beyond it the oldest responses are forgotten before their retention, and a
     * response larger than this is not kept: a retry with such a key runs the mutation again.
     */
    public Builder maxBytes(long maxBytes) {
      if (maxBytes < 1) {
        throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
      }
      this.maxBytes = maxBytes;
      return this;
    }

    /** Sets the clock that ages entries. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Returns the store. */
    public InMemoryIdempotencyStore build() {
      return new InMemoryIdempotencyStore(this);
    }
  }
}
