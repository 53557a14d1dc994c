package io.mutationapi.spring.boot;

import io.mutationapi.server.MutationServer;

/**
 * A bean that adds to the auto-configured {@link MutationServer} before it is built: syncs,
 * consumers, HTTP consumers, change captures, rate limits, a stream, anything {@link
 * MutationServer.Builder} offers. Customizers run after the properties are applied, in
 * {@code @Order} order; registering a sync or consumer both here and in properties fails the
 * startup.
 *
 * <pre>{@code
 * @Bean
 * MutationServerCustomizer contacts(Upstream salesforce) {
 *   return server -> server
 *       .sync("my-sync-id", salesforce, "salesforce:contact")
 *       .httpConsumer("http-worker", "salesforce:contact");
 * }
 * }</pre>
 *
 * <p>Called once, on the thread that creates the context.
 */
@FunctionalInterface
public interface MutationServerCustomizer {
  /** Adds to {@code builder}; must not call {@code build()}. */
  void customize(MutationServer.Builder builder);
}
