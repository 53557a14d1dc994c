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

/**
 * An {@link IdempotencyStore} in memory, for one server process: the default of {@link
 * MutationServer}.
 *
 * <p>Keeps each response for the retention (24 hours by default) after the request finished, then
 * forgets it. It holds at most {@link Builder#maxEntries} keys; when full, claims of new keys fail
 * with {@link IllegalStateException} (answered 500, not stored), rather than forgetting responses
 * early. Nothing survives a restart; several server nodes need a shared store.
 *
 * <p>Thread-safe.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
  private final Duration retention;
  private final int maxEntries;
  private final Clock clock;

  // Guarded by this. In order of last change, so expired entries are at the head.
  private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>();

  private record Key(String scope, String key) {}

  private record Entry(byte[] digest, StoredResponse response, Instant changedAt) {}

  private InMemoryIdempotencyStore(Builder b) {
    this.retention = b.retention;
    this.maxEntries = b.maxEntries;
    this.clock = b.clock;
  }

  /** Returns a store with the defaults: 24 hours, at most 1,000,000 keys. */
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
      if (entries.size() >= maxEntries) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("idempotency store is full: " + maxEntries + " keys"));
      }
      entries.put(k, new Entry(requestDigest.clone(), null, now));
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
      String scope, String key, Optional<StoredResponse> response) {
    Key k = new Key(scope, key);
    Entry entry = entries.remove(k);
    if (entry != null && response.isPresent()) {
      entries.put(k, new Entry(entry.digest(), response.get(), clock.instant()));
    }
    return CompletableFuture.completedFuture(null);
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
    }
  }

  @Override
  public String toString() {
    return "InMemoryIdempotencyStore{retention=" + retention + "}";
  }

  /** Builds an {@link InMemoryIdempotencyStore}. Not thread-safe. */
  public static final class Builder {
    private Duration retention = Duration.ofHours(24);
    private int maxEntries = 1_000_000;
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

    /** Sets the most keys kept at once; the default is 1,000,000. */
    public Builder maxEntries(int maxEntries) {
      if (maxEntries < 1) {
        throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
      }
      this.maxEntries = maxEntries;
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
