package io.mutationapi.server.http;

import io.mutationapi.server.spi.IdempotencyStore;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler's calls to its {@link IdempotencyStore}: a store that throws instead of failing its
 * stage is treated alike, and saving a response is retried with backoff ({@link #FINISH_ATTEMPTS}
 * attempts over about two seconds), since a response that is not saved leaves its key claimed.
 * Thread-safe.
 */
final class StoreCalls {
  /** How many times a response is offered to the store before the caller is told. */
  static final int FINISH_ATTEMPTS = 4;

  private static final Logger log = LoggerFactory.getLogger(MutationHttpHandler.class);

  private final IdempotencyStore store;

  StoreCalls(IdempotencyStore store) {
    this.store = store;
  }

  /** Claims the key; the stage fails if the store failed, in which case nothing was claimed. */
  CompletionStage<IdempotencyStore.Claim> claim(String scope, String key, byte[] digest) {
    try {
      return store.claim(scope, key, digest);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Ends the claim, retrying a failure; the stage fails with the last failure once every attempt
   * failed. Retries are logged without the response.
   */
  CompletionStage<Void> finish(
      String scope,
      String key,
      Optional<IdempotencyStore.StoredHttpResponse> keep,
      String requestId) {
    return finish(scope, key, keep, requestId, 1);
  }

  private CompletionStage<Void> finish(
      String scope,
      String key,
      Optional<IdempotencyStore.StoredHttpResponse> keep,
      String requestId,
      int attempt) {
    CompletionStage<Void> finished;
    try {
      finished = store.finish(scope, key, keep);
    } catch (RuntimeException e) {
      finished = CompletableFuture.failedFuture(e);
    }
    return finished
        .handle(
            (ignored, error) -> {
              if (error == null) {
                return CompletableFuture.<Void>completedFuture(null);
              }
              if (attempt >= FINISH_ATTEMPTS) {
                log.warn(
                    "request_id={} could not store the idempotent response after {} attempts",
                    requestId,
                    attempt,
                    error);
                return CompletableFuture.<Void>failedFuture(error);
              }
              log.warn(
                  "request_id={} could not store the idempotent response (attempt {}); retrying:"
                      + " {}",
                  requestId,
                  attempt,
                  error.toString());
              long delay = 100L << (2 * (attempt - 1)); // 100, 400, 1600 ms
              return CompletableFuture.supplyAsync(
                      () -> null, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS))
                  .thenCompose(x -> finish(scope, key, keep, requestId, attempt + 1));
            })
        .thenCompose(stage -> stage);
  }
}
