package io.mutationapi.server.http;

import io.mutationapi.internal.WireLimits;

/**
 * The handler's settings, immutable; {@link MutationHttpHandler.Builder} holds their defaults.
 *
 * @param maxBodyBytes the largest body, in bytes
 * @param maxInFlight the most requests answered at once
 * @param limits the limits of a request body the codec enforces while parsing
 * @param docsUrl the page error bodies' {@code docs} link to; null for none
 */
record HandlerSettings(long maxBodyBytes, int maxInFlight, WireLimits limits, String docsUrl) {}
