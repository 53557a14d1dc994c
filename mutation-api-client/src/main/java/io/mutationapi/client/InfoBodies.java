package io.mutationapi.client;

import io.mutationapi.internal.WireCodec;
import io.mutationapi.internal.WireException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The bodies of the Management API ({@code GET /v1/consumers[/{id}]}, {@code GET
 * /v1/syncs[/{id}]}), read leniently: unknown fields are ignored, {@code null} is empty.
 */
final class InfoBodies {
  private InfoBodies() {}

  /** Reads {@code {"data": [...]}} with {@code item} reading each element. */
  static <T> List<T> list(byte[] body, BiFunction<JsonValues, String, T> item) {
    JsonValues root = JsonValues.object(WireCodec.standard().readValue(body), "$");
    if (root.raw("data") == null) {
      throw new WireException("data: must be an array, found null");
    }
    List<?> data = root.list("data");
    List<T> out = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      String path = "data[" + i + "]";
      out.add(item.apply(JsonValues.object(data.get(i), path), path));
    }
    return List.copyOf(out);
  }

  static <T> T one(byte[] body, BiFunction<JsonValues, String, T> item) {
    return item.apply(JsonValues.object(WireCodec.standard().readValue(body), "$"), "$");
  }

  static ConsumerInfo consumer(JsonValues c, String path) {
    JsonValues h = c.optionalObject("health").orElse(JsonValues.object(Map.of(), path));
    ConsumerInfo.Health health =
        new ConsumerInfo.Health(
            h.optionalString("status").orElse("unknown"),
            h.longOr("consecutive_failures", 0),
            h.optionalString("last_error"),
            h.optionalInstant("last_error_at"));
    String kind = c.requiredString("kind");
    Optional<ConsumerInfo.HttpDetails> http = Optional.empty();
    if (ConsumerInfo.KIND_HTTP.equals(kind)) {
      http =
          Optional.of(
              new ConsumerInfo.HttpDetails(
                  Duration.ofMillis(c.longOr("ack_wait_ms", 0)),
                  c.longOr("max_ack_pending", 0),
                  c.longOr("max_deliver", -1),
                  c.optionalString("deliver_policy").orElse("all"),
                  c.longOr("num_pending", 0),
                  c.longOr("num_ack_pending", 0)));
    }
    return new ConsumerInfo(
        c.requiredString("id"),
        kind,
        c.strings("collection_ids"),
        c.optionalLong("lag"),
        c.longOr("pending_awaits", 0),
        health,
        http);
  }

  static SyncInfo sync(JsonValues s, String path) {
    Optional<SyncInfo.RateLimitInfo> rateLimit =
        s.optionalObject("rate_limit")
            .map(
                r ->
                    new SyncInfo.RateLimitInfo(
                        r.longOr("allowed_requests", 0),
                        Duration.ofMillis(r.longOr("interval", 0)),
                        r.optionalLong("max_concurrent_requests")));
    JsonValues h = s.optionalObject("health").orElse(JsonValues.object(Map.of(), path));
    List<?> items = h.list("collections");
    List<SyncInfo.CollectionHealth> collections = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      JsonValues c = JsonValues.object(items.get(i), h.at("collections") + "[" + i + "]");
      collections.add(
          new SyncInfo.CollectionHealth(
              c.requiredString("collection_id"),
              c.optionalInstant("last_successful_poll"),
              c.optionalInstant("caught_up_at"),
              c.longOr("records_published", 0),
              c.longOr("consecutive_failures", 0),
              c.optionalString("last_error")));
    }
    return new SyncInfo(
        s.requiredString("id"),
        s.optionalString("provider").orElse("custom"),
        s.strings("collection_ids"),
        rateLimit,
        new SyncInfo.Health(h.optionalString("status").orElse("unknown"), collections));
  }
}
