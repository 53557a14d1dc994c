package io.mutationapi.salesforce;

import io.mutationapi.server.spi.UpstreamException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The org's API usage as the last answer's {@code Sforce-Limit-Info} said, and the optional
 * throttle: while the last reading is at or above the configured share of the daily allocation,
 * calls are refused with 429 before they are sent.
 *
 * <p>A refused call sends nothing, so the reading would never change; it is trusted for {@link
 * #TRUSTED_FOR} after it arrived, and then one call goes out to take a new reading. Thread-safe.
 */
final class Limits {
  /** How long a reading at or above the threshold refuses calls. */
  static final Duration TRUSTED_FOR = ErrorMapping.DAILY_LIMIT_RETRY;

  private final double throttleAbove;
  private final Clock clock;
  private volatile ApiUsage last;

  /**
   * @param throttleAbove the share of the daily allocation at which calls are refused; above 1
   *     (e.g. {@link Double#POSITIVE_INFINITY}) for no throttle
   */
  Limits(double throttleAbove, Clock clock) {
    this.throttleAbove = throttleAbove;
    this.clock = clock;
  }

  /** Records the usage that {@code answer} reports, if it reports any. */
  void record(Answer answer) {
    ApiUsage.parse(answer.limitInfo(), answer.receivedAt()).ifPresent(usage -> last = usage);
  }

  /** Returns the last usage reported, if any answer reported one. */
  Optional<ApiUsage> last() {
    return Optional.ofNullable(last);
  }

  /** Returns the 429 to answer instead of calling, if the throttle is on and usage is too high. */
  Optional<UpstreamException> refusal() {
    ApiUsage usage = last;
    if (usage == null || usage.share() < throttleAbove) {
      return Optional.empty();
    }
    Duration left = Duration.between(clock.instant(), usage.observedAt().plus(TRUSTED_FOR));
    if (left.isNegative() || left.isZero()) {
      return Optional.empty();
    }
    long seconds = Math.max(1, (left.toMillis() + 999) / 1000);
    return Optional.of(
        UpstreamException.rateLimited(
            "Salesforce API usage is at "
                + usage.used()
                + " of "
                + usage.max()
                + " daily calls, above this server's limit of "
                + Math.round(throttleAbove * 100)
                + "%",
            Duration.ofSeconds(seconds)));
  }
}
