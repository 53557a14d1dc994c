package io.mutationapi.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.client.MutationClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class MutationClientAutoConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(MutationClientAutoConfiguration.class));

  @Test
  void client_withBaseUrlAndToken_isABean() {
    runner
        .withPropertyValues(
            "mutation-api.client.base-url=http://127.0.0.1:1/api",
            "mutation-api.client.api-token=secret-token",
            "mutation-api.client.max-retries=0",
            "mutation-api.client.read-timeout=5s")
        .run(
            context -> {
              assertThat(context).hasSingleBean(MutationClient.class);
              MutationClient client = context.getBean(MutationClient.class);
              assertThat(client.toString()).contains("127.0.0.1:1").doesNotContain("secret-token");
            });
  }

  @Test
  void client_withoutBaseUrl_isNoBean() {
    runner
        .withPropertyValues("mutation-api.client.api-token=secret-token")
        .run(context -> assertThat(context).doesNotHaveBean(MutationClient.class));
  }

  @Test
  void client_fromTheClientsEnvironmentVariables_isABean() {
    runner
        .withPropertyValues("MUTATION_API_URL=http://127.0.0.1:1", "MUTATION_API_TOKEN=env-token")
        .run(context -> assertThat(context).hasSingleBean(MutationClient.class));
  }

  @Test
  void client_whenTheApplicationDefinesOne_backsOff() {
    runner
        .withPropertyValues(
            "mutation-api.client.base-url=http://127.0.0.1:1",
            "mutation-api.client.api-token=secret-token")
        .withUserConfiguration(OwnClient.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(MutationClient.class);
              assertThat(context.getBean(MutationClient.class))
                  .isSameAs(context.getBean("ownClient"));
            });
  }

  @Test
  void client_withoutToken_failsTheStartupNamingTheVariable() {
    runner
        .withPropertyValues("mutation-api.client.base-url=http://127.0.0.1:1")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("apiToken is required")
                    .hasMessageContaining("MUTATION_API_TOKEN"));
  }

  @Test
  void client_withBadSetting_failsTheStartupWithTheClientsMessage() {
    runner
        .withPropertyValues(
            "mutation-api.client.base-url=http://127.0.0.1:1",
            "mutation-api.client.api-token=t",
            "mutation-api.client.max-retries=-1")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("maxRetries must not be negative"));
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnClient {
    @Bean(destroyMethod = "close")
    MutationClient ownClient() {
      return MutationClient.builder().baseUrl("http://127.0.0.1:2").apiToken("own").build();
    }
  }
}
