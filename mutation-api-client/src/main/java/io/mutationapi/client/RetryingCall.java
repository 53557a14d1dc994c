package io.mutationapi.client;

import io.mutationapi.MutationRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One logical request and its attempts: the same request every time (for a mutation, the same body
 * and idempotency key), a {@linkplain CallDeadline total deadline} over all of them, and the
 * blocking attempt loop. What differs between calls (how an answer is read, what may be sent again)
 * is the {@link CallSpec}'s. The decision after each attempt is {@link RetryDecision}'s, the wait
 * {@link Backoff}'s, the exception that ends the call {@link CallFailures}'s; {@link
 * AsyncAttemptChain} runs the same attempts without blocking.
 *
 * <p>Used by one thread at a time: the blocking loop on the caller's thread, or the async chain
 * where each step happens-after the previous one (OkHttp callback, then scheduled retry). Only the
 * deadline timer of an async call looks in from another thread, through the volatile fields.
 */
final class RetryingCall<R> {
  private final MutationClient client;
  private final Timing timing;
  private final CallSpec<R> spec;
  private final Request request;
  private final int maxAttempts;
  private final CallDeadline deadline;
  private final CallFailures failures = new CallFailures(this);

  private volatile int attempt;
  private volatile boolean outcomeUnknown;
  private volatile boolean inFlight;
  private int staleRetries;
  private volatile Call current;

  RetryingCall(MutationClient client, CallSpec<R> spec) {
    if (client.isClosed()) {
      throw new IllegalStateException("the client is closed: " + client);
    }
    this.client = client;
    this.timing = client.timing();
    this.spec = spec;
    this.request = spec.request;
    this.maxAttempts = client.options().maxRetries() + 1;
    this.deadline = new CallDeadline(timing, spec.totalTimeout);
  }

  /** A mutation, sent with {@code idempotencyKey} on every attempt. */
  static RetryingCall<MutationResponse> mutation(
      MutationClient client, MutationRequest mutation, String idempotencyKey) {
    return new RetryingCall<>(client, MutationSpec.of(client, mutation, idempotencyKey));
  }

  /** Sends the attempts on the calling thread until one finishes the call. */
  R execute() {
    while (true) {
      Call call = newAttempt();
      if (call == null) {
        throw finalFailure(failures.deadlineExceeded(null, false));
      }
      long started = timing.nanoTime();
      Response response;
      try {
        response = call.execute();
      } catch (IOException e) {
        inFlight = false;
        if (Thread.currentThread().isInterrupted()) {
          outcomeUnknown |= RetryDecision.reachedServer(e);
          throw finalFailure(failures.interrupted(e));
        }
        AttemptStep<R> step = RetryDecision.afterFailure(this, e, started);
        if (!waitToRetry(step)) {
          throw step.failure;
        }
        continue;
      }
      inFlight = false;
      AttemptStep<R> step;
      try (response) {
        step = RetryDecision.afterAnswer(this, response, started);
      }
      if (step.response != null) {
        return step.response;
      }
      if (!waitToRetry(step)) {
        throw step.failure;
      }
    }
  }

  /** Waits for the retry {@code step} asks for; false if the step is a failure instead. */
  private boolean waitToRetry(AttemptStep<R> step) {
    if (step.failure != null) {
      return false;
    }
    try {
      if (step.retryInNanos > 0) {
        timing.sleep(step.retryInNanos);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw finalFailure(failures.interruptedWhileWaiting(e));
    }
  }

  /**
   * Sends the attempts without blocking (see {@link AsyncAttemptChain}); the future completes with
   * {@code answer} applied to the successful response.
   */
  <T> CompletableFuture<T> executeAsync(Function<R, T> answer) {
    return new AsyncAttemptChain<>(this, answer).start();
  }

  /**
   * Returns the next attempt's call with the time that is left, or null if none is left.
   *
   * @throws MutationIoException if the client was closed
   */
  Call newAttempt() {
    if (client.isClosed()) {
      throw finalFailure(failures.closed(null));
    }
    long remaining = deadline.remainingNanos();
    if (remaining <= 0) {
      return null;
    }
    attempt++;
    Call call = client.http().newCall(request);
    call.timeout().timeout(remaining, TimeUnit.NANOSECONDS);
    current = call;
    inFlight = true;
    return call;
  }

  /** Returns the wait before the next attempt, or -1 if there is none: no retries or no time. */
  long retryDelay(Optional<Duration> retryAfter) {
    return Backoff.delay(attempt, maxAttempts, retryAfter, deadline, timing);
  }

  /** Ends the call with {@code failure}, made final. */
  AttemptStep<R> fail(RuntimeException failure) {
    return AttemptStep.fail(finalFailure(failure));
  }

  RuntimeException finalFailure(RuntimeException failure) {
    return failures.finish(failure);
  }

  /** A stale pooled connection is not an attempt: it is sent again at once. */
  void notAnAttempt() {
    staleRetries++;
    attempt--;
  }

  void markOutcomeUnknown() {
    outcomeUnknown = true;
  }

  void attemptEnded() {
    inFlight = false;
  }

  /** Returns {@code "<METHOD> <path>"}, for messages and the log. */
  String describe() {
    return spec.describe();
  }

  CallSpec<R> spec() {
    return spec;
  }

  MutationClient client() {
    return client;
  }

  Timing timing() {
    return timing;
  }

  CallDeadline deadline() {
    return deadline;
  }

  CallFailures failures() {
    return failures;
  }

  /** The key every attempt carries, or null if the call sends none. */
  String idempotencyKey() {
    return spec.idempotencyKey();
  }

  int attempt() {
    return attempt;
  }

  int maxAttempts() {
    return maxAttempts;
  }

  int staleRetries() {
    return staleRetries;
  }

  boolean isOutcomeUnknown() {
    return outcomeUnknown;
  }

  boolean isInFlight() {
    return inFlight;
  }

  Call current() {
    return current;
  }
}
