package io.mutationapi.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.mutationapi.micrometer.MutationMetrics;
import io.mutationapi.server.MutationServer;

/** Records the server's meters in the application's {@link MeterRegistry}. */
final class MetricsHook implements ServerHook {
  private final MutationMetrics metrics;

  MetricsHook(MeterRegistry registry) {
    this.metrics = MutationMetrics.create(registry);
  }

  @Override
  public void beforeBuild(MutationServer.Builder builder) {
    builder.observer(metrics);
  }

  @Override
  public void afterBuild(MutationServer server) {
    metrics.bindTo(server);
  }
}
