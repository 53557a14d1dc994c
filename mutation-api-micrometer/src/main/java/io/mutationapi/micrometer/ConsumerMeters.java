package io.mutationapi.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** The meters of one consumer's batches: their duration by result, and the events processed. */
final class ConsumerMeters {
  private final Timer succeeded;
  private final Timer failed;
  private final Counter events;

  ConsumerMeters(String consumerId, MeterRegistry registry) {
    this.succeeded = batches(consumerId, "success", registry);
    this.failed = batches(consumerId, "failure", registry);
    this.events =
        Counter.builder(MeterNames.CONSUMER_EVENTS)
            .description("Events a consumer processed in successful batches")
            .baseUnit("events")
            .tag("consumer", consumerId)
            .register(registry);
  }

  void record(int eventCount, long durationNanos, boolean success) {
    if (success) {
      succeeded.record(durationNanos, TimeUnit.NANOSECONDS);
      events.increment(eventCount);
    } else {
      failed.record(durationNanos, TimeUnit.NANOSECONDS);
    }
  }

  private static Timer batches(String consumerId, String result, MeterRegistry registry) {
    return Timer.builder(MeterNames.CONSUMER_BATCHES)
        .description("Batches a consumer processed (or failed, to be retried), as the stream saw")
        .tags("consumer", consumerId, "result", result)
        .register(registry);
  }
}
