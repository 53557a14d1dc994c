package io.mutationapi.server.jetty;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A listener's settings, immutable and resolved: what {@link MutationHttpServer.Builder} did not
 * set is the {@code MutationServer}'s (grace period, body read timeout) or Jetty's (0 or null).
 *
 * @param address where to listen
 * @param maxThreads the most pool threads; 0 for Jetty's default
 * @param backlog the TCP accept backlog
 * @param maxRequestHeaderBytes the largest request line and headers; 0 for Jetty's default
 * @param idleTimeout how long a connection may be idle; null for Jetty's default
 * @param gracePeriod how long {@code close()} lets requests in flight finish
 * @param bodyReadTimeout how long a request body may take to arrive
 */
record ListenerSettings(
    InetSocketAddress address,
    int maxThreads,
    int backlog,
    int maxRequestHeaderBytes,
    Duration idleTimeout,
    Duration gracePeriod,
    Duration bodyReadTimeout) {}
