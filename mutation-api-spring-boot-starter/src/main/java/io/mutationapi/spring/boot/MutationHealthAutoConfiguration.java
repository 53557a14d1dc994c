package io.mutationapi.spring.boot;

import io.mutationapi.server.MutationServer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the {@link MutationHealthIndicator} (health contributor {@code mutationApi}) when
 * Spring Boot's health support is on the class path and there is a {@link MutationServer}; {@code
 * management.health.mutation-api.enabled=false} turns it off.
 */
@AutoConfiguration(after = MutationServerAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, MutationServer.class})
@ConditionalOnBean(MutationServer.class)
@ConditionalOnEnabledHealthIndicator("mutation-api")
public class MutationHealthAutoConfiguration {
  /** Creates the configuration; Spring calls it. */
  public MutationHealthAutoConfiguration() {}

  /** Returns the indicator of the server's consumers and change captures. */
  @Bean
  @ConditionalOnMissingBean(name = "mutationApiHealthIndicator")
  public MutationHealthIndicator mutationApiHealthIndicator(
      MutationServer server, MutationServerProperties properties) {
    return new MutationHealthIndicator(server, properties.getHealth().getMaxConsumerLag());
  }
}
