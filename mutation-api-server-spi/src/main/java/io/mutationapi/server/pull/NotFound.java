package io.mutationapi.server.pull;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.internal.Echo;

/**
 * The {@code 404 not_found} errors of the Consume and Management APIs, in one place so both say the
 * same: ids are quoted (and truncated) as in the mutation endpoint's {@code Unknown sync_id 'x'}.
 * An id the principal may not see gets the same answer as an unknown one. Stateless.
 */
public final class NotFound {
  private NotFound() {}

  /** Returns {@code Unknown consumer 'id'}. */
  public static MutationError consumer(String consumerId) {
    return MutationError.of(ErrorCode.NOT_FOUND, "Unknown consumer " + quoted(consumerId));
  }

  /** Returns {@code Unknown sync 'id'}. */
  public static MutationError sync(String syncId) {
    return MutationError.of(ErrorCode.NOT_FOUND, "Unknown sync " + quoted(syncId));
  }

  /**
   * Returns {@code Consumer 'id' is not an HTTP consumer (its kind is k); see GET
   * /v1/consumers/{id}}: it exists and the principal may see it, but it cannot be pulled.
   */
  public static MutationError notHttpConsumer(String consumerId, String kind) {
    return MutationError.of(
        ErrorCode.NOT_FOUND,
        "Consumer "
            + quoted(consumerId)
            + " is not an HTTP consumer (its kind is "
            + kind
            + "); see GET /v1/consumers/{id}");
  }

  private static String quoted(String id) {
    return "'" + Echo.truncate(id) + "'";
  }
}
