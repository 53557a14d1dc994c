package io.mutationapi.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.spi.Upstream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class MutationServletAutoConfigurationTest {
  private static final AutoConfigurations BOTH =
      AutoConfigurations.of(
          MutationServerAutoConfiguration.class, MutationServletAutoConfiguration.class);
  private static final String[] SERVER = {
    "mutation-api.server.syncs.crm.collections=c",
    "mutation-api.server.insecure-no-authentication=true"
  };

  @Test
  void servlet_inAServletWebApplication_isMountedAtV1Async() {
    new WebApplicationContextRunner()
        .withConfiguration(BOTH)
        .withUserConfiguration(Upstreams.class)
        .withPropertyValues(SERVER)
        .run(
            context -> {
              ServletRegistrationBean<?> servlet =
                  context.getBean("mutationApiServlet", ServletRegistrationBean.class);
              assertThat(servlet.getUrlMappings()).containsExactly("/v1/*");
              assertThat(servlet.isAsyncSupported()).isTrue();
            });
  }

  @Test
  void servlet_withoutAWebApplication_isNotRegistered() {
    new ApplicationContextRunner()
        .withConfiguration(BOTH)
        .withUserConfiguration(Upstreams.class)
        .withPropertyValues(SERVER)
        .run(context -> assertThat(context).doesNotHaveBean("mutationApiServlet"));
  }

  @Test
  void servlet_withoutAServer_isNotRegistered() {
    new WebApplicationContextRunner()
        .withConfiguration(BOTH)
        .run(context -> assertThat(context).doesNotHaveBean("mutationApiServlet"));
  }

  @Configuration(proxyBeanMethods = false)
  static class Upstreams {
    @Bean
    Upstream crm() {
      return InMemoryUpstream.create();
    }
  }
}
