package io.mutationapi.spring.boot;

import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.Authenticator;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.Upstream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanNotOfRequiredTypeException;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;

/**
 * Builds the {@link MutationServer} from {@link MutationServerProperties}, the application's beans
 * and the customizers: limits, then the syncs and consumers the properties name, then the JDBC
 * parts, then authentication, then the hooks and the customizers. Every configuration mistake is an
 * {@link IllegalStateException} naming the property.
 */
final class ServerAssembly {
  private static final Logger log = LoggerFactory.getLogger(ServerAssembly.class);
  private static final String PREFIX = "mutation-api.server.";

  private final MutationServerProperties properties;
  private final ListableBeanFactory beans;

  ServerAssembly(MutationServerProperties properties, ListableBeanFactory beans) {
    this.properties = properties;
    this.beans = beans;
  }

  MutationServer build(
      Optional<Authenticator> authenticator,
      Optional<JdbcServerParts> jdbc,
      List<ServerHook> hooks,
      List<MutationServerCustomizer> customizers) {
    MutationServer.Builder builder = MutationServer.builder();
    limits(builder);
    Set<String> usedBeans = new TreeSet<>();
    properties
        .getSyncs()
        .forEach(
            (id, sync) -> {
              String name = sync.getUpstream() != null ? sync.getUpstream() : id;
              usedBeans.add(name);
              builder.sync(
                  id,
                  bean(name, Upstream.class, "syncs." + id + ".upstream"),
                  collections(sync.getCollections(), "syncs." + id));
            });
    properties
        .getConsumers()
        .forEach(
            (id, consumer) -> {
              String name = consumer.getBean() != null ? consumer.getBean() : id;
              usedBeans.add(name);
              builder.consumer(
                  id,
                  bean(name, Consumer.class, "consumers." + id + ".bean"),
                  collections(consumer.getCollections(), "consumers." + id));
            });
    if (jdbc.isPresent()) {
      jdbc.get().apply(builder);
    } else if (jdbcWanted(properties)) {
      throw new IllegalStateException(
          PREFIX
              + "jdbc-consumers, idempotency.jdbc and cursors.jdbc need io.mutationapi:"
              + "mutation-api-jdbc on the class path and a DataSource bean");
    }
    authentication(builder, authenticator);
    hooks.forEach(hook -> hook.beforeBuild(builder));
    customizers.forEach(customizer -> customizer.customize(builder));
    if (customizers.isEmpty()) {
      warnUnused(Upstream.class, usedBeans, "syncs.<id>.upstream");
      warnUnused(Consumer.class, usedBeans, "consumers.<id>.bean");
    }
    MutationServer server;
    try {
      server = builder.build();
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "Cannot build the Mutation API server: "
              + e.getMessage()
              + " (declare syncs and consumers with "
              + PREFIX
              + "syncs.<id>.collections and "
              + PREFIX
              + "consumers.<id>.collections, or a MutationServerCustomizer bean)",
          e);
    }
    hooks.forEach(hook -> hook.afterBuild(server));
    return server;
  }

  private void limits(MutationServer.Builder b) {
    MutationServerProperties p = properties;
    if (p.getMaxRecordsPerRequest() != null) {
      b.maxRecordsPerRequest(p.getMaxRecordsPerRequest());
    }
    if (p.getMaxAwaitTimeout() != null) {
      b.maxAwaitTimeout(p.getMaxAwaitTimeout());
    }
    if (p.getMaxBodyBytes() != null) {
      b.maxBodyBytes(p.getMaxBodyBytes());
    }
    if (p.getUpstreamTimeout() != null) {
      b.upstreamTimeout(p.getUpstreamTimeout());
    }
    if (p.getMaxInFlightRequests() != null) {
      b.maxInFlightRequests(p.getMaxInFlightRequests());
    }
    if (p.getMaxPendingAwaits() != null) {
      b.maxPendingAwaits(p.getMaxPendingAwaits());
    }
    if (p.getBodyReadTimeout() != null) {
      b.bodyReadTimeout(p.getBodyReadTimeout());
    }
    if (p.getGracePeriod() != null) {
      b.gracePeriod(p.getGracePeriod());
    }
  }

  private void authentication(MutationServer.Builder b, Optional<Authenticator> authenticator) {
    Map<String, TokenProperties> tokens = properties.getTokens();
    if (authenticator.isPresent() && !tokens.isEmpty()) {
      throw new IllegalStateException(
          "Both an Authenticator bean and "
              + PREFIX
              + "tokens are set: use one (the Authenticator can check the tokens itself)");
    }
    authenticator.ifPresent(b::authenticator);
    tokens.forEach(
        (name, token) -> {
          String where = PREFIX + "tokens." + name;
          if (token.getToken() == null || token.getToken().isBlank()) {
            throw new IllegalStateException(where + ".token is not set");
          }
          List<String> syncs = token.getSyncs();
          if (syncs.isEmpty()) {
            throw new IllegalStateException(
                where + ".syncs is not set: name the syncs the token may mutate, or \"*\"");
          }
          b.bearerToken(
              token.getToken(),
              syncs.contains("*")
                  ? Principal.allSyncs(name)
                  : Principal.of(name, syncs.toArray(String[]::new)));
        });
    if (properties.isInsecureNoAuthentication()) {
      b.insecureNoAuthentication();
    }
  }

  private <T> T bean(String name, Class<T> type, String property) {
    try {
      return beans.getBean(name, type);
    } catch (BeanNotOfRequiredTypeException e) {
      throw new IllegalStateException(
          PREFIX + property + ": the bean '" + name + "' is not a " + type.getSimpleName(), e);
    } catch (NoSuchBeanDefinitionException e) {
      throw new IllegalStateException(
          PREFIX
              + property
              + ": no "
              + type.getSimpleName()
              + " bean named '"
              + name
              + "'; "
              + type.getSimpleName()
              + " beans: "
              + Arrays.toString(beans.getBeanNamesForType(type)),
          e);
    }
  }

  /** Whether the properties ask for any JDBC part. */
  static boolean jdbcWanted(MutationServerProperties p) {
    return !p.getJdbcConsumers().isEmpty()
        || p.getIdempotency().isJdbc()
        || p.getCursors().isJdbc();
  }

  static String[] collections(List<String> collections, String where) {
    if (collections == null || collections.isEmpty()) {
      throw new IllegalStateException(PREFIX + where + ".collections is not set");
    }
    return collections.stream().map(String::strip).toArray(String[]::new);
  }

  private void warnUnused(Class<?> type, Set<String> used, String property) {
    for (String name : beans.getBeanNamesForType(type)) {
      if (!used.contains(name)) {
        log.warn(
            "The {} bean '{}' is not registered on the Mutation API server: name it in {}{} or"
                + " register it in a MutationServerCustomizer",
            type.getSimpleName(),
            name,
            PREFIX,
            property);
      }
    }
  }
}
