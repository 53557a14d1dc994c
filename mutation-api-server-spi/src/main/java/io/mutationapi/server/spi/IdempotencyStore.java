package io.mutationapi.server.spi;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Remembers the HTTP responses of requests sent with an {@code Idempotency-Key}, so that a retry
 * gets the first answer again instead of applying the mutation twice. It belongs to HTTP: only the
 * HTTP handler calls it; the engine never sees a key.
 *
 * <p>The HTTP handler calls {@link #claim} before it runs a request with a key, and {@link #finish}
 * after: with the response to keep, or with none to let the key be used again (when the request did
 * not run: a validation error, 429, 503). Keys are scoped (per bearer token), so two callers never
 * see each other's responses. Responses are kept for at least the store's retention (the wire
 * contract asks for 24 hours).
 *
 * <p>The in-memory default is {@code io.mutationapi.server.InMemoryIdempotencyStore}; a store
 * shared by many server nodes (in a database) lives in its own module. Implementations must be
 * thread-safe, and {@code claim} must be atomic: of two concurrent claims of a new key, one gets
 * {@link Claim.Acquired}.
 */
public interface IdempotencyStore {

  /**
   * Claims {@code key} for a request whose body has digest {@code requestDigest}.
   *
   * @param scope whose key it is (derived from the credentials, never the token itself)
   * @param key the {@code Idempotency-Key} header
   * @param requestDigest the SHA-256 of the request body
   * @return {@link Claim.Acquired} for a new key; {@link Claim.Completed} with the stored response
   *     for a key used before with the same body; {@link Claim.Mismatch} for a different body;
   *     {@link Claim.InProgress} while the first request still runs; {@link Claim.Abandoned} if it
   *     never finished. A failed stage means the key was not claimed: the handler answers {@code
   *     503} with {@code Retry-After}, since nothing ran
   */
  CompletionStage<Claim> claim(String scope, String key, byte[] requestDigest);

  /**
   * Ends an acquired claim: keeps {@code response} for replay, or, if empty, forgets the key so it
   * can be used again. The handler retries a failed stage a few times with backoff; if it still
   * fails, the caller is answered {@code 500} instead of the response, and the key stays claimed
   * until the store calls it {@linkplain Claim.Abandoned abandoned}.
   */
  CompletionStage<Void> finish(String scope, String key, Optional<StoredHttpResponse> response);

  /**
   * An HTTP response kept for replay: status and body, byte for byte. The store keeps what the HTTP
   * handler answered, not the engine's outcome, so that a replay is the same bytes.
   *
   * @param status the HTTP status
   * @param body the body bytes; not copied, do not modify
   */
  record StoredHttpResponse(int status, byte[] body) {
    /** Validates. */
    public StoredHttpResponse {
      Objects.requireNonNull(body, "body");
    }
  }

  /** The answer to {@link #claim}. */
  sealed interface Claim {
    /** The key is new: run the request, then call {@link #finish}. */
    record Acquired() implements Claim {}

    /** The first request with this key is still running: 409. */
    record InProgress() implements Claim {}

    /**
     * The first request with this key claimed it and never finished (its node died, or its response
     * could not be stored), so it may or may not have reached the upstream. The handler never runs
     * it again: it answers {@code 500 internal_error} saying so. A store that can tell an abandoned
     * claim from a running one returns this after its own time limit, rather than letting the key
     * be claimed again.
     */
    record Abandoned() implements Claim {}

    /** The key was used with a different body: 422. */
    record Mismatch() implements Claim {}

    /**
     * The key was used with the same body: replay {@code response}.
     *
     * @param response the stored response
     */
    record Completed(StoredHttpResponse response) implements Claim {
      /** Validates. */
      public Completed {
        Objects.requireNonNull(response, "response");
      }
    }
  }
}
