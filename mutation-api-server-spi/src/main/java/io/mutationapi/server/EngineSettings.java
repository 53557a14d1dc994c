package io.mutationapi.server;

import io.mutationapi.internal.WireLimits;
import java.time.Duration;

/**
 * The engine's settings, immutable; {@link #DEFAULT} is the one place their defaults are written
 * (the wire limits' defaults are {@link WireLimits#DEFAULT}'s).
 *
 * @param maxRecords the most records or ids one request may carry
 * @param maxAwaitTimeout the longest {@code await_consumers_timeout} a request may ask for
 * @param maxPendingAwaits the most requests that may wait for consumers at once; beyond it a
 *     request that awaits is refused with 503 before the upstream is called
 * @param upstreamTimeout the longest the upstream calls of one request may take, all batches
 *     together, before the request is answered {@code 504 upstream_timeout}
 */
record EngineSettings(
    int maxRecords, Duration maxAwaitTimeout, int maxPendingAwaits, Duration upstreamTimeout) {

  static final EngineSettings DEFAULT =
      new EngineSettings(
          WireLimits.DEFAULT.maxRecords(),
          WireLimits.DEFAULT.maxAwaitTimeout(),
          10_000,
          Duration.ofSeconds(10));
}
