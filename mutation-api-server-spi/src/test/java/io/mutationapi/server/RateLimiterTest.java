package io.mutationapi.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.server.spi.UpstreamException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private RateLimiter limiter(RateLimit limit) {
    return new RateLimiter("s", limit, now::get);
  }

  private static final long MS = 1_000_000L;

  @Test
  void burstIsImmediate_thenCallsAreSpacedAtTheRate_thenRefusedPastTheDeadline() {
    RateLimiter gate = limiter(RateLimit.of(10, 3).withMaxWait(Duration.ofMillis(250)));

    for (int i = 0; i < 3; i++) {
      assertThat(gate.acquire().waitNanos()).isZero();
    }
    assertThat(gate.acquire().waitNanos()).isEqualTo(100 * MS);
    assertThat(gate.acquire().waitNanos()).isEqualTo(200 * MS);
    RateLimiter.Permit refused = gate.acquire();
    assertThat(refused.granted()).isFalse();
    assertThat(refused.refusal().kind()).isEqualTo(UpstreamException.Kind.RATE_LIMITED);
    assertThat(refused.refusal().retryAfter()).contains(Duration.ofMillis(300));
    assertThat(refused.refusal().getMessage())
        .isEqualTo("Rate limit of sync 's' reached; retry later");
    assertThat(gate.queued()).isEqualTo(2);

    gate.dequeued();
    gate.dequeued();
    now.addAndGet(1000 * MS);
    assertThat(gate.acquire().waitNanos()).isZero();
  }

  @Test
  void theWaitQueueIsBounded() {
    RateLimiter gate = limiter(RateLimit.of(100, 1).withMaxQueued(2));

    assertThat(gate.acquire().waitNanos()).isZero();
    assertThat(gate.acquire().waitNanos()).isPositive();
    assertThat(gate.acquire().waitNanos()).isPositive();
    assertThat(gate.acquire().granted()).isFalse();
    gate.dequeued();
    assertThat(gate.acquire().granted()).isTrue();
  }

  @Test
  void anUpstreams429_blocksCallsUntilItsRetryAfter_orRefusesThemIfThatIsTooFar() {
    RateLimiter gate = limiter(RateLimit.UNLIMITED.withMaxWait(Duration.ofSeconds(1)));
    assertThat(gate.acquire().waitNanos()).isZero();

    gate.blockFor(Duration.ofMillis(400));
    assertThat(gate.acquire().waitNanos()).isEqualTo(400 * MS);
    gate.dequeued();

    gate.blockFor(Duration.ofSeconds(30));
    RateLimiter.Permit refused = gate.acquire();
    assertThat(refused.granted()).isFalse();
    assertThat(refused.refusal().retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(refused.refusal().getMessage()).contains("upstream of sync 's' is rate limiting");

    now.addAndGet(31_000 * MS);
    assertThat(gate.acquire().waitNanos()).isZero();
  }

  @Test
  void anEarlierRetryAfter_doesNotShortenALaterBlock() {
    RateLimiter gate = limiter(RateLimit.UNLIMITED);
    gate.blockFor(Duration.ofSeconds(2));
    gate.blockFor(Duration.ofMillis(10));

    assertThat(gate.acquire().waitNanos()).isEqualTo(2000 * MS);
  }
}
