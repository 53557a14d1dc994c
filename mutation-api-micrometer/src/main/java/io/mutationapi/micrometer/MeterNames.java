package io.mutationapi.micrometer;

/** The name of every meter, in one place; the README's "Metrics" table lists the same. */
final class MeterNames {
  static final String REQUESTS = "mutation.api.requests";
  static final String REPLAYS = "mutation.api.idempotent.replays";
  static final String UPSTREAM_CALLS = "mutation.api.upstream.calls";
  static final String RATE_LIMITED = "mutation.api.rate.limited";
  static final String OVERLOADED = "mutation.api.overloaded";
  static final String AWAITS = "mutation.api.awaits";
  static final String AWAITS_PENDING = "mutation.api.awaits.pending";
  static final String CONSUMER_LAG = "mutation.api.consumer.lag";
  static final String CONSUMER_AWAITS_PENDING = "mutation.api.consumer.awaits.pending";
  static final String CONSUMER_BATCHES = "mutation.api.consumer.batches";
  static final String CONSUMER_EVENTS = "mutation.api.consumer.events";
  static final String HTTP_CONSUMER_PENDING = "mutation.api.http.consumer.pending";
  static final String HTTP_CONSUMER_ACK_PENDING = "mutation.api.http.consumer.ack.pending";

  private MeterNames() {}
}
