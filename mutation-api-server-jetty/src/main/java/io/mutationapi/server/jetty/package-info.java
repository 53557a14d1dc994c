/**
 * {@link io.mutationapi.server.jetty.MutationHttpServer}: serves a {@code MutationServer}'s {@code
 * POST /v1/mutations/run} on an embedded Jetty. Jetty reads requests without holding a thread per
 * connection, bounds header size and idle time, and writes the answer when the handler's stage
 * completes; the handler stays the one place that speaks the protocol.
 */
package io.mutationapi.server.jetty;
