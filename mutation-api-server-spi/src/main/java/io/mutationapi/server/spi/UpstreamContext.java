package io.mutationapi.server.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the engine knows about the request a batch belongs to, for the {@link Upstream} that applies
 * it: when the server stops waiting for it, the request id to put in log lines, and on whose behalf
 * it runs (for per-tenant credentials).
 *
 * <p>Immutable. Holds no credentials, so it is safe to log.
 *
 * @param deadline when the server stops waiting for the request's upstream calls (the server's
 *     upstream timeout, counted from the first batch) and answers {@code 504 upstream_timeout};
 *     work the upstream does after it is still published, but nobody waits for it
 * @param requestId the request's {@code X-Request-Id}, for log correlation; empty for a request run
 *     in process without one
 * @param principal who sent the request
 */
public record UpstreamContext(Instant deadline, Optional<String> requestId, Principal principal) {

  /** Validates. */
  public UpstreamContext {
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(principal, "principal");
  }

  /** Returns the time left until {@link #deadline()}; zero once it has passed. */
  public Duration remaining() {
    Duration left = Duration.between(Instant.now(), deadline);
    return left.isNegative() ? Duration.ZERO : left;
  }
}
