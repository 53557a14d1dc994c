package io.mutationapi.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.mutationapi.micrometer.MutationMetrics;
import io.mutationapi.server.MutationServer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Records the auto-configured server's meters ({@code mutation.api.*}, see the README's "Metrics")
 * in the application's {@link MeterRegistry} when {@code mutation-api-micrometer} is on the class
 * path and the context has a registry (Spring Boot Actuator makes one); {@code
 * mutation-api.server.metrics.enabled=false} turns it off. A server the application builds itself
 * is not touched.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure"
          + ".CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple"
          + ".SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnClass({MeterRegistry.class, MutationMetrics.class, MutationServer.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnProperty(
    prefix = "mutation-api.server.metrics",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
public class MutationMetricsAutoConfiguration {
  /** Creates the configuration; Spring calls it. */
  public MutationMetricsAutoConfiguration() {}

  @Bean
  ServerHook mutationApiMetricsHook(MeterRegistry registry) {
    return new MetricsHook(registry);
  }
}
