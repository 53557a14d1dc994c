package io.mutationapi.client;

import io.mutationapi.MutationApiException;
import java.io.IOException;

/**
 * No usable answer came back: the connection failed, timed out, or was cut, through every retry; or
 * the server answered 2xx but its body could not be read (cut, too large, not a result), in which
 * case the mutation was probably applied and the client did not send it again.
 *
 * <p>If {@link #isOutcomeUnknown()} is true, the server may have accepted the request before the
 * failure and the mutation may have been applied. Sending the same request again with the same
 * {@linkplain #idempotencyKey() idempotency key} is safe against a server that honours keys (ours
 * does); without the key, a create may be applied twice. If it is false, no attempt reached the
 * server (every connection was refused, say) and nothing was applied.
 *
 * <p>The cause is the last attempt's {@link IOException}, when there was one; the failures of
 * earlier attempts are attached as {@linkplain #getSuppressed() suppressed} exceptions.
 */
public final class MutationIoException extends MutationApiException {
  private static final long serialVersionUID = 1L;

  private final boolean outcomeUnknown;
  private final String idempotencyKey;

  /**
   * Creates the exception.
   *
   * @param message what failed
   * @param cause the last failure, or null
   * @param outcomeUnknown whether the server may have applied the mutation
   * @param idempotencyKey the key every attempt carried, or null if the call carries none
   */
  MutationIoException(
      String message, Throwable cause, boolean outcomeUnknown, String idempotencyKey) {
    super(message, cause);
    this.outcomeUnknown = outcomeUnknown;
    this.idempotencyKey = idempotencyKey;
  }

  /**
   * Returns true if the server may have applied the mutation despite the failure. For a call of a
   * {@link PullConsumer}: a {@code next} may have handed messages out (they are delivered again
   * after the consumer's ack wait), an {@code ack} or {@code nack} may have been handled (sending
   * it again is harmless); the message says which.
   */
  public boolean isOutcomeUnknown() {
    return outcomeUnknown;
  }

  /**
   * Returns the idempotency key that every attempt carried; send it again to retry safely. Null for
   * the calls that carry none: those of {@link PullConsumer}, {@link Consumers} and {@link Syncs},
   * which are safe to send again as they are or say in their message what sending again costs.
   */
  public String idempotencyKey() {
    return idempotencyKey;
  }
}
