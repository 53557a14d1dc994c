package io.mutationapi.client;

import io.mutationapi.MutationError;
import io.mutationapi.Record;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The mutation WAS applied upstream, but the server answered {@code 503 unavailable} because it
 * could not finish: a 503 whose error body names the applied {@linkplain #records() records}.
 *
 * <p>Our server sends it when its change stream could not take what the upstream applied (e.g. the
 * Kafka cluster is unreachable): {@code "Error: The change stream is unavailable: the records were
 * applied upstream but not published, so consumers will not see this change"}. The change is in the
 * upstream but not in the stream, so <b>consumers will not see it</b> until a later change to the
 * same records is published; awaited consumers were not waited for. (It also answers a 503 with
 * records, {@code "Error: Server is shutting down; retry"}, when it shut down while waiting for
 * consumers; that change was published.)
 *
 * <p>What to do: <b>do not send a create again</b>. Under a new idempotency key it creates the
 * records a second time; under the same key our server only answers this 503 again. Take the
 * applied records from {@link #records()}.
 *
 * <p>The client never retries this answer. Every other 503 means the server refused the request
 * before applying anything, and the client retries it; it also retries a 503 whose body it could
 * not read whole (cut, or over its limit), since such a body cannot show what was applied.
 *
 * <p>{@link #isOutcomeUnknown()} is true, as for {@link ConsumersTimeoutException} and every other
 * answer after which the mutation may have been applied: sending it again is safe only with {@link
 * #idempotencyKey()} (our server then answers the same 503).
 */
public final class AppliedButUnavailableException extends MutationServiceException {
  private static final long serialVersionUID = 1L;

  static final String ADVICE =
      "The mutation WAS applied upstream; the server could not finish it, so consumers may not see"
          + " this change. Do not send a create again: that would create the records again";

  /** Creates the exception; {@link MutationServiceException#of} picks the class. */
  AppliedButUnavailableException(
      MutationError error, Optional<String> requestId, Optional<Duration> retryAfter) {
    super(error, requestId, retryAfter, ADVICE);
  }

  /** Returns the records the upstream applied, as the error body names them; never empty. */
  public List<Record> records() {
    return error().records();
  }
}
