package io.mutationapi.spring.boot;

import io.mutationapi.client.MutationClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * Auto-configures a {@link MutationClient} bean when a base URL is known: {@code
 * mutation-api.client.base-url} or the environment variable {@code MUTATION_API_URL}. The token
 * comes from {@code mutation-api.client.api-token} or {@code MUTATION_API_TOKEN}; a missing token
 * fails the startup with the client's own message. The other settings of {@link
 * MutationClientProperties} override the client builder's defaults. Backs off when the application
 * defines its own {@code MutationClient}; the context closes the client.
 */
@AutoConfiguration
@ConditionalOnClass(MutationClient.class)
@EnableConfigurationProperties(MutationClientProperties.class)
public class MutationClientAutoConfiguration {
  /** Creates the configuration; Spring calls it. */
  public MutationClientAutoConfiguration() {}

  /**
   * Returns the client configured from {@code properties}, falling back to the environment
   * variables the client reads.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @Conditional(ClientConfiguredCondition.class)
  public MutationClient mutationClient(MutationClientProperties properties, Environment env) {
    MutationClient.Builder builder = MutationClient.builder();
    String url = firstSet(properties.getBaseUrl(), env.getProperty(ClientEnv.URL));
    if (url != null) {
      builder.baseUrl(url.strip());
    }
    String token = firstSet(properties.getApiToken(), env.getProperty(ClientEnv.TOKEN));
    if (token != null) {
      builder.apiToken(token.strip());
    }
    if (properties.getMaxRetries() != null) {
      builder.maxRetries(properties.getMaxRetries());
    }
    if (properties.getTimeout() != null) {
      builder.timeout(properties.getTimeout());
    }
    if (properties.getConnectTimeout() != null) {
      builder.connectTimeout(properties.getConnectTimeout());
    }
    if (properties.getReadTimeout() != null) {
      builder.readTimeout(properties.getReadTimeout());
    }
    if (properties.getAwaitTimeoutMargin() != null) {
      builder.awaitTimeoutMargin(properties.getAwaitTimeoutMargin());
    }
    return builder.build();
  }

  private static String firstSet(String value, String fallback) {
    if (value != null && !value.isBlank()) {
      return value;
    }
    return fallback != null && !fallback.isBlank() ? fallback : null;
  }
}
