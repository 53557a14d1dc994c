package io.mutationapi.spring.boot;

import io.mutationapi.jdbc.JdbcTableConsumer;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.Authenticator;
import io.mutationapi.server.spi.Upstream;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ConfigurationCondition;

/**
 * Auto-configures a {@link MutationServer} when the application has an {@link Upstream} bean or a
 * {@link MutationServerCustomizer} bean, and no {@code MutationServer} of its own. Syncs and
 * consumers come from {@code mutation-api.server.syncs.<id>} and {@code
 * mutation-api.server.consumers.<id>} (naming beans) and from customizers; authentication from
 * {@code mutation-api.server.tokens.<principal>} or an {@link Authenticator} bean. The context
 * closes the server. {@code mutation-api.server.enabled=false} turns it off.
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(MutationServer.class)
@ConditionalOnProperty(
    prefix = "mutation-api.server",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
@EnableConfigurationProperties(MutationServerProperties.class)
public class MutationServerAutoConfiguration {
  /** Creates the configuration; Spring calls it. */
  public MutationServerAutoConfiguration() {}

  /**
   * Returns the server built from the properties, beans and customizers; see the class comment.
   * Package-private: its parameters name the starter's own package-private parts.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @Conditional(ServerWanted.class)
  MutationServer mutationServer(
      MutationServerProperties properties,
      ListableBeanFactory beans,
      ObjectProvider<Authenticator> authenticator,
      ObjectProvider<JdbcServerParts> jdbc,
      ObjectProvider<ServerHook> hooks,
      ObjectProvider<MutationServerCustomizer> customizers) {
    return new ServerAssembly(properties, beans)
        .build(
            Optional.ofNullable(authenticator.getIfUnique()),
            Optional.ofNullable(jdbc.getIfAvailable()),
            hooks.orderedStream().toList(),
            customizers.orderedStream().toList());
  }

  /** The JDBC parts, when {@code mutation-api-jdbc} and a {@code DataSource} are there. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(JdbcTableConsumer.class)
  @ConditionalOnBean(DataSource.class)
  static class JdbcParts {
    @Bean
    JdbcServerParts mutationApiJdbcServerParts(
        MutationServerProperties properties, DataSource dataSource) {
      return new JdbcServerParts(properties, dataSource);
    }
  }

  /** An {@link Upstream} bean or a {@link MutationServerCustomizer} bean. */
  static final class ServerWanted extends AnyNestedCondition {
    ServerWanted() {
      super(ConfigurationCondition.ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnBean(Upstream.class)
    static final class HasUpstream {}

    @ConditionalOnBean(MutationServerCustomizer.class)
    static final class HasCustomizer {}
  }
}
