package io.mutationapi.client;

import io.mutationapi.ConsistencyToken;
import io.mutationapi.MutationError;
import io.mutationapi.Record;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The mutation WAS applied, but the awaited consumers had not processed it within the await timeout
 * (a 500 with code {@code consumers_timeout}, or the hosted API's message {@code "Error: Timed out
 * waiting for consumers: ..."}).
 *
 * <p>The change is upstream and in the stream; the {@linkplain #pendingConsumerIds() pending
 * consumers} will most likely catch up shortly. Do not send a create again without the same
 * idempotency key: that creates the records a second time. The client never retries this.
 *
 * <p>{@link #records()} holds what a success would have returned when the server sends it (our
 * server does; the hosted API does not). A timed-out {@code client.consumers().await(...)} throws
 * this too: then nothing was mutated by that call, and waiting again is harmless.
 */
public final class ConsumersTimeoutException extends MutationServiceException {
  private static final long serialVersionUID = 1L;

  static final String ADVICE =
      "The mutation WAS applied; only the wait for consumers timed out. Do not retry a create"
          + " without the same idempotency key: that would create the records again";

  /** Creates the exception; {@link MutationServiceException#of} picks the class. */
  ConsumersTimeoutException(
      MutationError error, Optional<String> requestId, Optional<Duration> retryAfter) {
    super(error, requestId, retryAfter, ADVICE);
  }

  /**
   * Returns the consumers that had not finished, in request order: from the body's {@code
   * pending_consumer_ids} when sent, else parsed from the message.
   */
  public List<String> pendingConsumerIds() {
    return ErrorMapping.pendingConsumerIds(error());
  }

  /**
   * Returns the applied records, as a success would have; empty if the server did not send them.
   */
  public List<Record> records() {
    return error().records();
  }

  /**
   * Returns where the mutation's records are on the stream, to wait for the consumers later with
   * {@code client.consumers().await(...)}; empty if the server did not send it (the hosted API does
   * not, nor does a timed-out wait).
   */
  public Optional<ConsistencyToken> consistencyToken() {
    return error().consistencyToken();
  }
}
