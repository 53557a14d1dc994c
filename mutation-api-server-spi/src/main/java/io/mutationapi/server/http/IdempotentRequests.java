package io.mutationapi.server.http;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.internal.IdempotencyKeys;
import io.mutationapi.server.spi.IdempotencyStore;
import io.mutationapi.server.spi.Principal;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Requests with an {@code Idempotency-Key}: each runs at most once per (token, key). The body is
 * read whole (its digest is part of the claim), the key is claimed in the store, the request runs,
 * and its response is kept for replay; see {@link IdempotencyStore} for every answer.
 */
final class IdempotentRequests {

  /** Parses and runs a request body; the handler's own path without a key. */
  @FunctionalInterface
  interface Runner {
    CompletionStage<HandlerResponse> run(InputStream body, Principal principal, Exchange exchange);
  }

  private final StoreCalls store;
  private final long maxBodyBytes;
  private final Runner runner;

  IdempotentRequests(IdempotencyStore store, long maxBodyBytes, Runner runner) {
    this.store = new StoreCalls(store);
    this.maxBodyBytes = maxBodyBytes;
    this.runner = runner;
  }

  /** A scope for idempotency keys: the token's digest, so keys of different tokens never meet. */
  static String scopeOf(String token) {
    byte[] digest = sha256(token.getBytes(StandardCharsets.UTF_8));
    StringBuilder hex = new StringBuilder(digest.length * 2);
    for (byte b : digest) {
      hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return hex.toString();
  }

  /** Runs {@code request} under {@code key}, scoped to {@code scope}. */
  CompletionStage<HandlerResponse> run(
      HandlerRequest request, Principal principal, String scope, String key, Exchange exchange) {
    if (!IdempotencyKeys.isValid(key)) {
      return exchange.error(
          MutationError.of(
              ErrorCode.VALIDATION_ERROR,
              MutationHttpHandler.IDEMPOTENCY_KEY
                  + ": must be 1 to 255 printable ASCII characters"));
    }
    byte[] body;
    try {
      body = new LimitedInputStream(request.body(), maxBodyBytes).readAllBytes();
    } catch (LimitedInputStream.BodyTooLargeException e) {
      return exchange.error(MutationEndpoint.tooLarge(maxBodyBytes));
    } catch (IOException e) {
      return exchange.error(
          MutationError.of(ErrorCode.VALIDATION_ERROR, "Could not read the request body"));
    }
    return store
        .claim(scope, key, sha256(body))
        .handle(
            (claim, claimError) -> {
              if (claimError != null) {
                return storeUnavailable(exchange, claimError);
              }
              return afterClaim(claim, body, principal, scope, key, exchange);
            })
        .thenCompose(stage -> stage);
  }

  /**
   * The store could not claim the key: nothing was parsed or run, so the caller may retry safely.
   */
  private static CompletionStage<HandlerResponse> storeUnavailable(
      Exchange exchange, Throwable error) {
    exchange.cause = error;
    exchange.header("Retry-After", "1");
    return exchange.error(
        MutationError.of(
            ErrorCode.UNAVAILABLE,
            "The idempotency store is unavailable; the request was not run. Retry with the same"
                + " Idempotency-Key"));
  }

  private CompletionStage<HandlerResponse> afterClaim(
      IdempotencyStore.Claim claim,
      byte[] body,
      Principal principal,
      String scope,
      String key,
      Exchange exchange) {
    if (claim instanceof IdempotencyStore.Claim.InProgress) {
      return exchange.error(
          MutationError.of(
              ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS,
              "A request with this Idempotency-Key is still running; retry later"));
    }
    if (claim instanceof IdempotencyStore.Claim.Mismatch) {
      return exchange.error(
          MutationError.of(
              ErrorCode.IDEMPOTENCY_KEY_REUSED,
              "This Idempotency-Key was used with a different request body"));
    }
    if (claim instanceof IdempotencyStore.Claim.Abandoned) {
      // Never run again blindly: the first request may have reached the upstream.
      return exchange.error(
          MutationError.of(
              ErrorCode.INTERNAL_ERROR,
              "The first request with this Idempotency-Key never finished: it may or may not have"
                  + " been applied. Check the records before sending it again under a new key"));
    }
    if (claim instanceof IdempotencyStore.Claim.Completed) {
      IdempotencyStore.StoredHttpResponse stored =
          ((IdempotencyStore.Claim.Completed) claim).response();
      return CompletableFuture.completedFuture(exchange.replay(stored.status(), stored.body()));
    }
    CompletionStage<HandlerResponse> ran;
    try {
      ran = runner.run(new ByteArrayInputStream(body), principal, exchange);
    } catch (RuntimeException e) {
      ran = CompletableFuture.failedFuture(e);
    }
    return ran.handle(
            (response, error) -> {
              Optional<IdempotencyStore.StoredHttpResponse> keep =
                  error == null && exchange.executed
                      ? Optional.of(
                          new IdempotencyStore.StoredHttpResponse(
                              response.status(), response.body()))
                      : Optional.empty();
              return store
                  .finish(scope, key, keep, exchange.requestId)
                  .handle(
                      (ignored, finishError) -> {
                        if (error != null) {
                          throw new CompletionException(error);
                        }
                        if (finishError != null && keep.isPresent()) {
                          return exchange.notStored(finishError);
                        }
                        return response;
                      });
            })
        .thenCompose(stage -> stage);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
