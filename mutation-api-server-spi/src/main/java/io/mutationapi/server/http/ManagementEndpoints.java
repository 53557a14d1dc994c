package io.mutationapi.server.http;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.internal.Echo;
import io.mutationapi.server.spi.CollectionHealthSummary;
import io.mutationapi.server.spi.ConsumerSummary;
import io.mutationapi.server.spi.HttpConsumerSummary;
import io.mutationapi.server.spi.ManagementService;
import io.mutationapi.server.spi.RateLimitSummary;
import io.mutationapi.server.spi.SyncSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The read-only Management API once routed and authenticated: {@code GET /v1/consumers}, {@code
 * /v1/http-consumers}, {@code /v1/syncs} and their items, on a {@link ManagementService}. What the
 * principal may not see is {@code 404}, as if it did not exist. Thread-safe.
 */
final class ManagementEndpoints {
  static final String HTTP = "http";

  private final ManagementService service;

  ManagementEndpoints(ManagementService service) {
    this.service = service;
  }

  CompletionStage<HandlerResponse> consumers(Call call) {
    List<Object> data = new ArrayList<>();
    for (ConsumerSummary consumer : service.consumers(call.principal())) {
      data.add(consumer(consumer));
    }
    return list(call, data);
  }

  CompletionStage<HandlerResponse> httpConsumers(Call call) {
    List<Object> data = new ArrayList<>();
    for (ConsumerSummary consumer : service.consumers(call.principal())) {
      if (consumer.kind().equals(HTTP)) {
        data.add(consumer(consumer));
      }
    }
    return list(call, data);
  }

  CompletionStage<HandlerResponse> consumer(Call call) {
    Optional<ConsumerSummary> found = service.consumer(call.id(), call.principal());
    if (found.isEmpty()) {
      return notFound(call, "consumer");
    }
    return item(call, consumer(found.get()));
  }

  CompletionStage<HandlerResponse> httpConsumer(Call call) {
    Optional<ConsumerSummary> found = service.consumer(call.id(), call.principal());
    if (found.isEmpty()) {
      return notFound(call, "consumer");
    }
    if (!found.get().kind().equals(HTTP)) {
      return call.exchange()
          .error(
              MutationError.of(
                  ErrorCode.NOT_FOUND,
                  "Consumer "
                      + Echo.truncate(call.id())
                      + " is not an HTTP consumer (its kind is "
                      + found.get().kind()
                      + "); see GET /v1/consumers/{id}"));
    }
    return item(call, consumer(found.get()));
  }

  CompletionStage<HandlerResponse> syncs(Call call) {
    List<Object> data = new ArrayList<>();
    for (SyncSummary sync : service.syncs(call.principal())) {
      data.add(sync(sync));
    }
    return list(call, data);
  }

  CompletionStage<HandlerResponse> sync(Call call) {
    Optional<SyncSummary> found = service.sync(call.id(), call.principal());
    if (found.isEmpty()) {
      return notFound(call, "sync");
    }
    return item(call, sync(found.get()));
  }

  private static CompletionStage<HandlerResponse> list(Call call, List<Object> data) {
    call.exchange().count = data.size();
    return CompletableFuture.completedFuture(call.exchange().json(Map.of("data", data)));
  }

  private static CompletionStage<HandlerResponse> item(Call call, Map<String, Object> item) {
    call.exchange().count = 1;
    return CompletableFuture.completedFuture(call.exchange().json(item));
  }

  private static CompletionStage<HandlerResponse> notFound(Call call, String what) {
    return call.exchange()
        .error(
            MutationError.of(
                ErrorCode.NOT_FOUND, "Unknown " + what + " " + Echo.truncate(call.id())));
  }

  /** A Consumer of the wire contract. */
  static Map<String, Object> consumer(ConsumerSummary c) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", c.id());
    json.put("kind", c.kind());
    json.put("collection_ids", c.collectionIds());
    json.put("lag", c.lag().isPresent() ? c.lag().getAsLong() : null);
    json.put("pending_awaits", c.pendingAwaits());
    Map<String, Object> health = new LinkedHashMap<>();
    health.put("status", c.health().status().wireName());
    health.put("consecutive_failures", c.health().consecutiveFailures());
    health.put("last_error", c.health().lastError().orElse(null));
    health.put("last_error_at", time(c.health().lastErrorAt()));
    json.put("health", health);
    if (c.http().isPresent()) {
      HttpConsumerSummary http = c.http().get();
      json.put("ack_wait_ms", http.ackWait().toMillis());
      json.put("max_ack_pending", http.maxAckPending());
      json.put("max_deliver", http.maxDeliver());
      json.put("deliver_policy", http.deliverPolicy());
      json.put("num_pending", http.numPending());
      json.put("num_ack_pending", http.numAckPending());
    }
    return json;
  }

  /** A Sync of the wire contract. */
  static Map<String, Object> sync(SyncSummary s) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", s.id());
    json.put("provider", s.provider());
    json.put("collection_ids", s.collectionIds());
    json.put("rate_limit", s.rateLimit().map(ManagementEndpoints::rateLimit).orElse(null));
    Map<String, Object> health = new LinkedHashMap<>();
    health.put("status", s.status().wireName());
    health.put("sync_id", s.id());
    List<Object> collections = new ArrayList<>();
    for (CollectionHealthSummary c : s.collections()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("collection_id", c.collectionId());
      one.put("last_successful_poll", time(c.lastSuccessfulPoll()));
      one.put("caught_up_at", time(c.caughtUpAt()));
      one.put("records_published", c.recordsPublished());
      one.put("consecutive_failures", c.consecutiveFailures());
      one.put("last_error", c.lastError().orElse(null));
      collections.add(one);
    }
    health.put("collections", collections);
    json.put("health", health);
    return json;
  }

  /**
   * The hosted shape of a rate limit, from our token bucket: {@code burst} requests per the time
   * the bucket takes to refill them, which is both the burst and the sustained rate; our own
   * settings follow as extensions.
   */
  private static Map<String, Object> rateLimit(RateLimitSummary r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("allowed_requests", r.burst());
    json.put("interval", r.intervalMillis());
    json.put("max_concurrent_requests", null);
    json.put("permits_per_second", r.permitsPerSecond());
    json.put("burst", r.burst());
    json.put("max_wait_ms", r.maxWait().toMillis());
    json.put("max_queued", r.maxQueued());
    return json;
  }

  private static String time(Optional<Instant> at) {
    return at.map(Instant::toString).orElse(null);
  }
}
