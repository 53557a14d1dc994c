package io.mutationapi.spring.boot;

import io.mutationapi.server.MutationServer;
import io.mutationapi.server.SyncHealth;
import io.mutationapi.server.spi.ConsumerSummary;
import io.mutationapi.server.spi.HealthStatus;
import io.mutationapi.server.spi.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The health of a {@link MutationServer}: its consumers (from the Management API) and its change
 * captures ({@link MutationServer#syncHealth()}).
 *
 * <ul>
 *   <li>{@code DOWN} when a consumer's health is {@code failing} (its last batch failed) or a
 *       change capture's last poll failed: records are not reaching a consumer, or the upstream's
 *       own changes are not reaching the stream.
 *   <li>otherwise {@code OUT_OF_SERVICE} when a consumer's lag is above {@code
 *       mutation-api.server.health.max-consumer-lag} (if set): it works, but falls behind.
 *   <li>otherwise {@code UP}; a consumer whose lag the stream does not know (Kafka) counts as up.
 * </ul>
 *
 * <p>The details name each consumer (kind, lag, pending awaits, status, consecutive failures, the
 * class of the last error: never its message, which may quote record data) and each change capture
 * (sync, collection, records published, consecutive failures, last error). Thread-safe: each call
 * reads fresh snapshots.
 */
public class MutationHealthIndicator extends AbstractHealthIndicator {
  private static final Principal EVERYTHING = Principal.allSyncs("health");

  private final MutationServer server;
  private final Long maxConsumerLag;

  /**
   * Reports the health of {@code server}; a consumer lag above {@code maxConsumerLag} (null: no
   * limit) is {@code OUT_OF_SERVICE}.
   */
  public MutationHealthIndicator(MutationServer server, Long maxConsumerLag) {
    super("Mutation API health check failed");
    this.server = server;
    this.maxConsumerLag = maxConsumerLag;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    Status status = Status.UP;
    Map<String, Object> consumers = new LinkedHashMap<>();
    for (ConsumerSummary c : server.management().consumers(EVERYTHING)) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("kind", c.kind());
      c.lag().ifPresent(lag -> d.put("lag", lag));
      d.put("pendingAwaits", c.pendingAwaits());
      d.put("status", c.health().status().wireName());
      d.put("consecutiveFailures", c.health().consecutiveFailures());
      c.health().lastError().ifPresent(e -> d.put("lastError", e));
      consumers.put(c.id(), d);
      if (c.health().status() == HealthStatus.FAILING) {
        status = Status.DOWN;
      } else if (status == Status.UP
          && maxConsumerLag != null
          && c.lag().isPresent()
          && c.lag().getAsLong() > maxConsumerLag) {
        status = Status.OUT_OF_SERVICE;
      }
    }
    Map<String, Object> captures = new LinkedHashMap<>();
    for (SyncHealth h : server.syncHealth()) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("recordsPublished", h.recordsPublished());
      d.put("backfilled", h.backfilled());
      d.put("consecutiveFailures", h.consecutiveFailures());
      h.lastError().ifPresent(e -> d.put("lastError", e));
      captures.put(h.syncId() + "/" + h.collectionId(), d);
      if (h.consecutiveFailures() > 0) {
        status = Status.DOWN;
      }
    }
    builder.status(status).withDetail("consumers", consumers);
    if (!captures.isEmpty()) {
      builder.withDetail("changeCaptures", captures);
    }
    builder.withDetail("pendingAwaits", server.pendingAwaits());
  }
}
