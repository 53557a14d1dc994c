package io.mutationapi.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.server.spi.IdempotencyStore.Claim;
import io.mutationapi.server.spi.IdempotencyStore.StoredHttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class InMemoryIdempotencyStoreTest {
  static final byte[] DIGEST = {1, 2, 3};
  static final StoredHttpResponse OK = new StoredHttpResponse(200, "{}".getBytes());

  /** A clock the test moves by hand. */
  static final class FakeClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  final FakeClock clock = new FakeClock();
  final InMemoryIdempotencyStore store =
      InMemoryIdempotencyStore.builder().clock(clock).maxEntries(2).build();

  Claim claim(String scope, String key, byte[] digest) {
    return store.claim(scope, key, digest).toCompletableFuture().join();
  }

  @Test
  void newKey_isAcquired_thenInProgress_thenCompletedWithTheResponse() {
    assertThat(claim("a", "k", DIGEST)).isInstanceOf(Claim.Acquired.class);
    assertThat(claim("a", "k", DIGEST)).isInstanceOf(Claim.InProgress.class);

    store.finish("a", "k", Optional.of(OK));

    assertThat(claim("a", "k", DIGEST)).isEqualTo(new Claim.Completed(OK));
    assertThat(claim("a", "k", new byte[] {9})).isInstanceOf(Claim.Mismatch.class);
  }

  @Test
  void finishWithoutResponse_releasesTheKey() {
    claim("a", "k", DIGEST);
    store.finish("a", "k", Optional.empty());

    assertThat(claim("a", "k", new byte[] {9})).isInstanceOf(Claim.Acquired.class);
  }

  @Test
  void responses_areKeptForTheRetention_thenForgotten() {
    claim("a", "k", DIGEST);
    store.finish("a", "k", Optional.of(OK));

    clock.now = clock.now.plus(Duration.ofHours(24));
    assertThat(claim("a", "k", DIGEST)).isInstanceOf(Claim.Completed.class);

    clock.now = clock.now.plusSeconds(1);
    assertThat(claim("a", "k", DIGEST)).isInstanceOf(Claim.Acquired.class);
  }

  @Test
  void fullStore_withAFinishedKey_forgetsTheOldestAnswer_andAcquiresTheNewKey() {
    claim("a", "k1", DIGEST);
    store.finish("a", "k1", Optional.of(OK));
    claim("a", "k2", DIGEST);

    assertThat(claim("a", "k3", DIGEST)).isInstanceOf(Claim.Acquired.class);

    assertThat(store.size()).isEqualTo(2);
    assertThat(store.forgottenEarly()).isEqualTo(1);
    assertThat(claim("a", "k2", DIGEST)).isInstanceOf(Claim.InProgress.class);
    store.finish("a", "k2", Optional.of(OK));
    // k1's answer is gone: a retry with it runs again (and forgets k2's, the oldest now).
    assertThat(claim("a", "k1", DIGEST)).isInstanceOf(Claim.Acquired.class);
  }

  @Test
  void fullStore_ofRunningKeysOnly_refusesNewKeys() {
    claim("a", "k1", DIGEST);
    claim("a", "k2", DIGEST);

    assertThatThrownBy(() -> claim("a", "k3", DIGEST))
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(store.size()).isEqualTo(2);
  }

  static StoredHttpResponse answerOf(int bytes) {
    return new StoredHttpResponse(200, new byte[bytes]);
  }

  InMemoryIdempotencyStore storeOf(long maxBytes) {
    return InMemoryIdempotencyStore.builder().clock(clock).maxBytes(maxBytes).build();
  }

  static Claim claim(InMemoryIdempotencyStore store, String key) {
    return store.claim("a", key, DIGEST).toCompletableFuture().join();
  }

  static void keep(InMemoryIdempotencyStore store, String key, int bytes) {
    assertThat(claim(store, key)).isInstanceOf(Claim.Acquired.class);
    store.finish("a", key, Optional.of(answerOf(bytes))).toCompletableFuture().join();
  }

  @Test
  void bytes_areBounded_oldestResponsesForgottenFirst() {
    InMemoryIdempotencyStore store = storeOf(10_000);

    keep(store, "k1", 4000);
    keep(store, "k2", 4000);
    keep(store, "k3", 4000);

    assertThat(store.bytes()).isLessThanOrEqualTo(10_000);
    assertThat(claim(store, "k3")).isInstanceOf(Claim.Completed.class);
    assertThat(claim(store, "k2")).isInstanceOf(Claim.Completed.class);
    // Forgotten early: the key is new again, and a retry with it runs again.
    assertThat(claim(store, "k1")).isInstanceOf(Claim.Acquired.class);
    assertThat(store.forgottenEarly()).isEqualTo(1);
  }

  @Test
  void responseLargerThanTheBudget_isNotKept_andItsKeyIsNewAgain() {
    InMemoryIdempotencyStore store = storeOf(10_000);
    keep(store, "small", 100);

    keep(store, "huge", 20_000);

    assertThat(claim(store, "huge")).isInstanceOf(Claim.Acquired.class);
    assertThat(claim(store, "small")).isInstanceOf(Claim.Completed.class);
    assertThat(store.forgottenEarly()).isEqualTo(1);
  }

  @Test
  void runningKeys_areNeverForgottenToMakeRoom() {
    InMemoryIdempotencyStore store = storeOf(10_000);
    assertThat(claim(store, "running")).isInstanceOf(Claim.Acquired.class);

    keep(store, "k1", 5000);
    keep(store, "k2", 5000);

    assertThat(claim(store, "running")).isInstanceOf(Claim.InProgress.class);
    store.finish("a", "running", Optional.of(OK)).toCompletableFuture().join();
    assertThat(claim(store, "running")).isEqualTo(new Claim.Completed(OK));
  }

  @Test
  void bytes_areReturnedWhenResponsesExpireOrKeysAreReleased() {
    InMemoryIdempotencyStore store = storeOf(1_000_000);
    keep(store, "k1", 4000);
    claim(store, "k2");
    store.finish("a", "k2", Optional.empty());
    assertThat(store.bytes()).isBetween(4000L, 5000L);

    clock.now = clock.now.plus(Duration.ofHours(25));

    assertThat(store.bytes()).isZero();
  }

  @Test
  void defaultBudget_is64MiB() {
    assertThat(InMemoryIdempotencyStore.DEFAULT_MAX_BYTES).isEqualTo(64L * 1024 * 1024);
    assertThat(InMemoryIdempotencyStore.create().toString()).contains("maxBytes=67108864");
  }
}
