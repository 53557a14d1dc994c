package io.mutationapi.server;

import io.mutationapi.server.pull.HttpConsumer;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.HttpConsumerSummary;
import java.util.Locale;
import java.util.Optional;

/** The settings and counts of an HTTP consumer for the Management API. */
final class HttpConsumers {
  private HttpConsumers() {}

  /** Returns {@code consumer}'s settings and counts if it is an HTTP consumer, else empty. */
  static Optional<HttpConsumerSummary> summary(Consumer consumer) {
    if (!(consumer instanceof HttpConsumer)) {
      return Optional.empty();
    }
    HttpConsumer http = (HttpConsumer) consumer;
    HttpConsumerSettings settings = http.settings();
    return Optional.of(
        new HttpConsumerSummary(
            settings.ackWait(),
            settings.maxAckPending(),
            settings.maxDeliver(),
            settings.deliverPolicy().name().toLowerCase(Locale.ROOT),
            http.numPending(),
            http.numAckPending()));
  }
}
