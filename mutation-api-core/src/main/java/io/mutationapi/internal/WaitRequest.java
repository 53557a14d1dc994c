package io.mutationapi.internal;

import io.mutationapi.ConsistencyToken;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The body of {@code POST /v1/consumers/{id}/wait} and {@code POST /v1/consumers/wait}: wait until
 * consumers have processed the positions of a consistency token. Immutable.
 *
 * @param token the positions to wait for
 * @param consumerIds the consumers named in the body, in order, without duplicates; empty for the
 *     endpoint that names its consumer in the path
 * @param timeout how long to wait
 */
public record WaitRequest(ConsistencyToken token, List<String> consumerIds, Duration timeout) {
  /**
   * The message of every refused token, malformed, tampered with, signed with another key or issued
   * to another principal alike: which check failed is not said.
   */
  public static final String TOKEN_NOT_VALID =
      "consistency_token: not valid for this server and principal";

  /** Validates and copies. */
  public WaitRequest {
    Objects.requireNonNull(token, "token");
    consumerIds = List.copyOf(consumerIds);
    Objects.requireNonNull(timeout, "timeout");
  }
}
