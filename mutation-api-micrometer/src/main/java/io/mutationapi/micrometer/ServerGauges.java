package io.mutationapi.micrometer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.ConsumerSummary;
import io.mutationapi.server.spi.HttpConsumerSummary;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The gauges of one built server, read from it when the registry is read: pending awaits, and per
 * consumer its lag, its pending awaits and, for an HTTP consumer, its message counts. A value the
 * server cannot tell (a stream without lag, a server collected) reads NaN.
 */
final class ServerGauges {
  private ServerGauges() {}

  static void register(MutationServer server, MeterRegistry registry) {
    Gauge.builder(MeterNames.AWAITS_PENDING, server, MutationServer::pendingAwaits)
        .description("Requests waiting for consumers now")
        .baseUnit("requests")
        .register(registry);
    for (ConsumerSummary consumer : server.consumers()) {
      String id = consumer.id();
      gauge(
          registry,
          server,
          MeterNames.CONSUMER_LAG,
          "Events on the stream the consumer has not processed yet",
          "events",
          id,
          c -> c.lag().isPresent() ? c.lag().getAsLong() : Double.NaN);
      gauge(
          registry,
          server,
          MeterNames.CONSUMER_AWAITS_PENDING,
          "Requests on this node waiting for the consumer now",
          "requests",
          id,
          ConsumerSummary::pendingAwaits);
      if (consumer.http().isPresent()) {
        gauge(
            registry,
            server,
            MeterNames.HTTP_CONSUMER_PENDING,
            "Messages of an HTTP consumer not yet handed to a worker",
            "messages",
            id,
            c -> c.http().map(HttpConsumerSummary::numPending).orElse(0L));
        gauge(
            registry,
            server,
            MeterNames.HTTP_CONSUMER_ACK_PENDING,
            "Messages of an HTTP consumer handed to a worker and not acked yet",
            "messages",
            id,
            c -> c.http().map(HttpConsumerSummary::numAckPending).orElse(0L));
      }
    }
  }

  private static void gauge(
      MeterRegistry registry,
      MutationServer server,
      String name,
      String description,
      String unit,
      String consumerId,
      ToDoubleFunction<ConsumerSummary> value) {
    Gauge.builder(
            name,
            server,
            s -> {
              Optional<ConsumerSummary> summary = s.consumer(consumerId);
              return summary.isPresent() ? value.applyAsDouble(summary.get()) : Double.NaN;
            })
        .description(description)
        .baseUnit(unit)
        .tag("consumer", consumerId)
        .register(registry);
  }
}
