package io.mutationapi.server.http;

import io.mutationapi.server.spi.Principal;
import java.util.Optional;

/**
 * A request that passed routing and authentication, as an endpoint gets it.
 *
 * @param request the request; its body is not read yet
 * @param exchange where the response and the access log line are made
 * @param principal who sent it
 * @param token the bearer token it was sent with; empty without authentication
 * @param id the decoded id segment of the path; {@code ""} for a path without one
 */
record Call(
    HandlerRequest request,
    Exchange exchange,
    Principal principal,
    Optional<String> token,
    String id) {}
