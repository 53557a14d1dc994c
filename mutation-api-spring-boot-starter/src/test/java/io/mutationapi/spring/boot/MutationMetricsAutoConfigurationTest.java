package io.mutationapi.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.Upstream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class MutationMetricsAutoConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  MutationServerAutoConfiguration.class, MutationMetricsAutoConfiguration.class))
          .withPropertyValues(
              "mutation-api.server.syncs.crm.collections=c",
              "mutation-api.server.insecure-no-authentication=true");

  @Test
  void metrics_withAMeterRegistry_areBoundToTheServer() {
    runner
        .withUserConfiguration(Upstreams.class, Registry.class)
        .run(
            context ->
                assertThat(
                        context
                            .getBean(MeterRegistry.class)
                            .find("mutation.api.awaits.pending")
                            .gauge())
                    .isNotNull());
  }

  @Test
  void metrics_withoutAMeterRegistry_doNotStopTheServer() {
    runner
        .withUserConfiguration(Upstreams.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(MetricsHook.class);
            });
  }

  @Test
  void metrics_withARegistryButNoUpstream_doNotBuildAServer() {
    runner
        .withUserConfiguration(Registry.class)
        .run(context -> assertThat(context).doesNotHaveBean(MutationServer.class));
  }

  @Configuration(proxyBeanMethods = false)
  static class Upstreams {
    @Bean
    Upstream crm() {
      return InMemoryUpstream.create();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Registry {
    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }
}
