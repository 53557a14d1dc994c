package io.mutationapi.server;

import io.mutationapi.ConsistencyToken;
import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.internal.Echo;
import io.mutationapi.internal.WaitRequest;
import io.mutationapi.internal.await.AwaitOutcome;
import io.mutationapi.internal.await.AwaitRegistry;
import io.mutationapi.server.pull.ConsumerAccess;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.Subscription;
import io.mutationapi.server.spi.WaitOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Waits for a consistency token ({@code MutationService.await}): checks the timeout, the token's
 * tags and the consumers, then waits on the await registry as a mutation's await does, counted in
 * the same limit of pending awaits. A consumer is known to a principal if {@link ConsumerAccess}
 * says it may use it; other consumers are unknown to it.
 */
final class TokenWaits {
  private final Map<String, Subscription> consumers;
  private final AwaitRegistry registry;
  private final TokenSigner signer;
  private final ConsumerAccess access;
  private final EngineSettings settings;
  private final AtomicInteger pendingAwaits;
  private final Executor completions;
  private final BooleanSupplier shuttingDown;

  TokenWaits(
      Map<String, Subscription> consumers,
      AwaitRegistry registry,
      TokenSigner signer,
      ConsumerAccess access,
      EngineSettings settings,
      AtomicInteger pendingAwaits,
      Executor completions,
      BooleanSupplier shuttingDown) {
    this.consumers = consumers;
    this.registry = registry;
    this.signer = signer;
    this.access = access;
    this.settings = settings;
    this.pendingAwaits = pendingAwaits;
    this.completions = completions;
    this.shuttingDown = shuttingDown;
  }

  CompletionStage<WaitOutcome> await(
      ConsistencyToken token, List<String> consumerIds, Duration timeout, Principal principal) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(consumerIds, "consumerIds");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(principal, "principal");
    if (shuttingDown.getAsBoolean()) {
      return done(shuttingDownFailure());
    }
    if (timeout.isNegative()
        || timeout.isZero()
        || timeout.compareTo(settings.maxAwaitTimeout()) > 0) {
      return done(
          failure(
              ErrorCode.VALIDATION_ERROR,
              "timeout: must be between 1 and "
                  + settings.maxAwaitTimeout().toMillis()
                  + " milliseconds, found "
                  + timeout.toMillis()));
    }
    if (!signer.verifies(principal.name(), token)) {
      return done(failure(ErrorCode.VALIDATION_ERROR, WaitRequest.TOKEN_NOT_VALID));
    }
    List<String> ids = new ArrayList<>(new LinkedHashSet<>(consumerIds));
    if (ids.isEmpty()) {
      return done(failure(ErrorCode.VALIDATION_ERROR, "consumer_ids: must not be empty"));
    }
    for (String id : ids) {
      Subscription subscription = id == null ? null : consumers.get(id);
      if (subscription == null || !access.mayUse(id, principal)) {
        return done(
            failure(
                ErrorCode.UNKNOWN_CONSUMER,
                "unknown consumer '" + Echo.truncate(String.valueOf(id)) + "'"));
      }
    }
    CompletableFuture<AwaitOutcome> awaited = registry.await(ids, token.positions(), timeout);
    if (awaited.isDone() && !awaited.isCompletedExceptionally()) {
      // Already reached: answered on the caller's thread, nothing was registered.
      return done(answer(awaited.join(), ids));
    }
    if (pendingAwaits.incrementAndGet() > settings.maxPendingAwaits()) {
      pendingAwaits.decrementAndGet();
      awaited.cancel(false);
      return done(
          new WaitOutcome.Failure(
              MutationError.of(
                  ErrorCode.UNAVAILABLE,
                  "Server overloaded: too many requests are waiting for consumers; retry later"),
              Optional.of(Duration.ofSeconds(1))));
    }
    return awaited
        .handleAsync(
            (outcome, error) -> {
              if (error != null) {
                return shuttingDown.getAsBoolean()
                    ? shuttingDownFailure()
                    : failure(ErrorCode.INTERNAL_ERROR, "The wait failed unexpectedly");
              }
              return answer(outcome, ids);
            },
            completions)
        .whenComplete((o, e) -> pendingAwaits.decrementAndGet());
  }

  /** Skipped records count as processed: a token wait is about progress, not about applying. */
  private static WaitOutcome answer(AwaitOutcome outcome, List<String> ids) {
    List<String> pending = outcome.pendingConsumerIds();
    if (pending.isEmpty()) {
      return new WaitOutcome.Reached(ids);
    }
    return new WaitOutcome.Failure(
        MutationError.of(
                ErrorCode.CONSUMERS_TIMEOUT,
                "Timed out waiting for consumers: " + String.join(", ", pending))
            .withPendingConsumerIds(pending));
  }

  private static WaitOutcome.Failure shuttingDownFailure() {
    MutationError error = MutationOutcome.Failure.shuttingDown().error();
    return new WaitOutcome.Failure(error, Optional.of(Duration.ofSeconds(1)));
  }

  private static WaitOutcome.Failure failure(ErrorCode code, String detail) {
    return new WaitOutcome.Failure(MutationError.of(code, detail));
  }

  private static CompletionStage<WaitOutcome> done(WaitOutcome outcome) {
    return CompletableFuture.completedFuture(outcome);
  }
}
