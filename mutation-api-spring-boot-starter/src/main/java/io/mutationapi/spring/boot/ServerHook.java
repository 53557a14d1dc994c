package io.mutationapi.spring.boot;

import io.mutationapi.server.MutationServer;

/**
 * What another auto-configuration adds around the building of the server, without the server's
 * configuration naming its types (metrics: an observer before, gauges after). Not a {@link
 * MutationServerCustomizer}, so that it never makes a server be built on its own.
 */
interface ServerHook {
  /** Adds to the builder, before the customizers run. */
  void beforeBuild(MutationServer.Builder builder);

  /** Sees the server once built. */
  void afterBuild(MutationServer server);
}
