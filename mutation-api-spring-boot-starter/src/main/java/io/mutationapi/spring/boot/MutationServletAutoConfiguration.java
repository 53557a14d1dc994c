package io.mutationapi.spring.boot;

import io.mutationapi.server.MutationServer;
import io.mutationapi.servlet.MutationServlet;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Serves the auto-configured (or the application's own) {@link MutationServer} on the application's
 * servlet web server at {@code /v1/*}, after the context path: every endpoint the server's handler
 * routes (mutations, the Consume API, the Management API, waits for consistency tokens). The
 * servlet is asynchronous: no container thread waits while a request awaits consumers. Closing the
 * server closes the servlet; new requests are then answered 503. Backs off when the application
 * registers a bean named {@code mutationApiServlet}.
 */
@AutoConfiguration(after = MutationServerAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({MutationServlet.class, ServletRegistrationBean.class})
@ConditionalOnBean(MutationServer.class)
public class MutationServletAutoConfiguration {
  /** The servlet mapping: the handler routes the path after the context path, {@code /v1/...}. */
  public static final String MAPPING = "/v1/*";

  /** Creates the configuration; Spring calls it. */
  public MutationServletAutoConfiguration() {}

  /** Returns the registration of the server's servlet at {@link #MAPPING}, async supported. */
  @Bean
  @ConditionalOnMissingBean(name = "mutationApiServlet")
  public ServletRegistrationBean<MutationServlet> mutationApiServlet(MutationServer server) {
    ServletRegistrationBean<MutationServlet> registration =
        new ServletRegistrationBean<>(MutationServlet.of(server), MAPPING);
    registration.setName("mutation-api");
    registration.setAsyncSupported(true);
    registration.setLoadOnStartup(1);
    return registration;
  }
}
