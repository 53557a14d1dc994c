/**
 * The server as a host application uses it: {@link io.mutationapi.server.MutationServer} (the one
 * entry point, built with a builder), {@link io.mutationapi.server.spi.MutationService} (run a
 * mutation in process), and in-memory defaults ({@link io.mutationapi.server.InMemoryUpstream},
 * {@link io.mutationapi.server.InMemoryStream}, {@link io.mutationapi.server.InMemoryConsumer}) for
 * tests and demos.
 */
package io.mutationapi.server;
