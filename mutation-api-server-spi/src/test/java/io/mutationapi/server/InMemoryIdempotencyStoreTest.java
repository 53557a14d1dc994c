package io.mutationapi.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.server.spi.IdempotencyStore.Claim;
import io.mutationapi.server.spi.IdempotencyStore.StoredResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class InMemoryIdempotencyStoreTest {
  static final byte[] DIGEST = {1, 2, 3};
  static final StoredResponse OK = new StoredResponse(200, "{}".getBytes());

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
  void fullStore_refusesNewKeys_ratherThanForgettingEarly() {
    claim("a", "k1", DIGEST);
    claim("a", "k2", DIGEST);

    assertThatThrownBy(() -> claim("a", "k3", DIGEST))
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(store.size()).isEqualTo(2);
  }
}
