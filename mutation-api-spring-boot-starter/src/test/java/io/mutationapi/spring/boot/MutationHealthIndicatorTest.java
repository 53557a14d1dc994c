package io.mutationapi.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.MutationRequest;
import io.mutationapi.PartialRecord;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.Upstream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Timeout(60)
class MutationHealthIndicatorTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  MutationServerAutoConfiguration.class, MutationHealthAutoConfiguration.class))
          .withPropertyValues(
              "mutation-api.server.syncs.crm.collections=c",
              "mutation-api.server.consumers.sink.collections=c",
              "mutation-api.server.insecure-no-authentication=true");

  @Test
  void health_withHealthyConsumers_isUpWithTheirDetails() {
    runner
        .withUserConfiguration(Upstreams.class, Healthy.class)
        .run(
            context -> {
              Health health = context.getBean(MutationHealthIndicator.class).health(true);
              assertThat(health.getStatus()).isEqualTo(Status.UP);
              assertThat(health.getDetails()).containsKey("consumers");
              assertThat(health.getDetails().get("consumers").toString()).contains("sink");
            });
  }

  @Test
  void health_whenAConsumerFails_isDown() {
    runner
        .withUserConfiguration(Upstreams.class, Failing.class)
        .run(
            context -> {
              create(context.getBean(MutationServer.class));
              MutationHealthIndicator indicator = context.getBean(MutationHealthIndicator.class);
              assertThat(eventually(indicator, Status.DOWN)).isEqualTo(Status.DOWN);
            });
  }

  @Test
  void health_whenAConsumerLagsBeyondTheLimit_isOutOfService() {
    runner
        .withUserConfiguration(Upstreams.class, Stuck.class)
        .withPropertyValues("mutation-api.server.health.max-consumer-lag=0")
        .run(
            context -> {
              create(context.getBean(MutationServer.class));
              MutationHealthIndicator indicator = context.getBean(MutationHealthIndicator.class);
              try {
                assertThat(eventually(indicator, Status.OUT_OF_SERVICE))
                    .isEqualTo(Status.OUT_OF_SERVICE);
              } finally {
                context.getBean(Stuck.class).release.complete(null);
              }
            });
  }

  @Test
  void health_disabledByProperty_hasNoIndicator() {
    runner
        .withUserConfiguration(Upstreams.class, Healthy.class)
        .withPropertyValues("management.health.mutation-api.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(MutationHealthIndicator.class));
  }

  private static void create(MutationServer server) throws Exception {
    server
        .service()
        .run(
            new MutationRequest.Create(
                "crm", "c", List.of(PartialRecord.of(Map.of("Name", "x"))), Optional.empty()),
            Principal.allSyncs("test"))
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  private static Status eventually(MutationHealthIndicator indicator, Status wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Status status = indicator.health(true).getStatus();
    while (!status.equals(wanted) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      status = indicator.health(true).getStatus();
    }
    return status;
  }

  @Configuration(proxyBeanMethods = false)
  static class Upstreams {
    @Bean
    Upstream crm() {
      return InMemoryUpstream.create();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Healthy {
    @Bean
    Consumer sink() {
      return batch -> CompletableFuture.completedFuture(null);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Failing {
    @Bean
    Consumer sink() {
      return batch -> CompletableFuture.failedFuture(new IllegalStateException("refused"));
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Stuck {
    final CompletableFuture<Void> release = new CompletableFuture<>();

    @Bean
    Consumer sink() {
      return new Consumer() {
        @Override
        public CompletionStage<Void> process(List<ChangeEvent> batch) {
          return release;
        }
      };
    }
  }
}
