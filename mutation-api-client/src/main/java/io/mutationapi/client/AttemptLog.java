package io.mutationapi.client;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The debug line of each attempt: what was sent, what came back, how long it took, which attempt it
 * was, the idempotency key and request id, and the wait before the next one. Server text in it is
 * made printable first.
 */
final class AttemptLog {
  // Under the client's name: that is the logger a user turns on.
  private static final Logger log = LoggerFactory.getLogger(MutationClient.class);

  private AttemptLog() {}

  static void attempt(
      RetryingCall<?> call,
      String outcome,
      long started,
      Optional<String> requestId,
      long retryIn) {
    if (!log.isDebugEnabled()) {
      return;
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(call.timing().nanoTime() - started);
    log.debug(
        "{} -> {} in {} ms (attempt {}/{}{}{}{})",
        call.describe(),
        outcome,
        ms,
        call.attempt(),
        call.maxAttempts(),
        call.idempotencyKey() != null ? ", idempotency key " + call.idempotencyKey() : "",
        requestId.map(id -> ", request id " + Text.printable(id, Text.MAX_SHORT)).orElse(""),
        retryIn >= 0 ? ", retrying in " + TimeUnit.NANOSECONDS.toMillis(retryIn) + " ms" : "");
  }
}
