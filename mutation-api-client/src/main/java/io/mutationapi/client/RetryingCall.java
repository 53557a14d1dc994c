package io.mutationapi.client;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.MutationResult;
import io.mutationapi.internal.WireCodec;
import io.mutationapi.internal.WireException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logical request and its attempts: the same body and idempotency key every time, a total
 * deadline over all of them, and the decision after each attempt to finish, fail or retry.
 *
 * <p>Used once, by one thread at a time: the blocking loop on the caller's thread, or the async
 * chain where each step happens-after the previous one (OkHttp callback, then scheduled retry).
 */
final class RetryingCall {
  private static final Logger log = LoggerFactory.getLogger(MutationClient.class);
  private static final MediaType JSON = MediaType.get("application/json");
  private static final long BASE_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(8);

  private final MutationClient client;
  private final Timing timing;
  private final Request request;
  private final String idempotencyKey;
  private final int maxAttempts;
  private final long startNanos;
  private final long deadlineNanos;
  private final Duration totalTimeout;

  private int attempt;
  private boolean outcomeUnknown;
  private volatile Call current;

  RetryingCall(MutationClient client, MutationRequest mutation, String idempotencyKey) {
    if (client.http().dispatcher().executorService().isShutdown()) {
      throw new IllegalStateException("the client is closed: " + client);
    }
    this.client = client;
    this.timing = client.timing();
    this.idempotencyKey = idempotencyKey;
    ClientOptions options = client.options();
    this.maxAttempts = options.maxRetries() + 1;
    Duration readTimeout = options.readTimeoutFor(mutation);
    this.totalTimeout = options.totalTimeout(readTimeout);
    this.startNanos = timing.nanoTime();
    this.deadlineNanos = startNanos + totalTimeout.toNanos();
    byte[] body = WireCodec.standard().writeRequest(mutation);
    this.request =
        new Request.Builder()
            .url(client.endpoint())
            // Added, not set: a new builder has no header to replace, and setting searches for one.
            .addHeader("Authorization", client.authorization())
            .addHeader("Idempotency-Key", idempotencyKey)
            .addHeader("User-Agent", Version.USER_AGENT)
            .addHeader("Accept", "application/json")
            .tag(
                AttemptTimeouts.class,
                new AttemptTimeouts(millis(options.connectTimeout()), millis(readTimeout)))
            .post(RequestBody.create(body, JSON))
            .build();
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
  }

  /** What to do after an attempt: exactly one of the three is set. */
  private static final class Step {
    final MutationResult result;
    final RuntimeException failure;
    final long retryInNanos;

    private Step(MutationResult result, RuntimeException failure, long retryInNanos) {
      this.result = result;
      this.failure = failure;
      this.retryInNanos = retryInNanos;
    }
  }

  // ---- blocking -----------------------------------------------------------------------------

  MutationResult execute() {
    while (true) {
      Call call = newAttempt();
      if (call == null) {
        throw deadlineExceeded(null);
      }
      long started = timing.nanoTime();
      Step step;
      try (Response response = call.execute()) {
        step = onResponse(response, started);
      } catch (IOException e) {
        if (Thread.currentThread().isInterrupted()) {
          outcomeUnknown |= reachedServer(e);
          throw new MutationIoException(
              describe() + " was interrupted" + (outcomeUnknown ? unknownAdvice() : ""),
              e,
              outcomeUnknown,
              idempotencyKey);
        }
        step = onFailure(e, started);
      }
      if (step.result != null) {
        return step.result;
      }
      if (step.failure != null) {
        throw step.failure;
      }
      try {
        timing.sleep(step.retryInNanos);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MutationIoException(
            "interrupted while waiting to retry " + describe(), e, outcomeUnknown, idempotencyKey);
      }
    }
  }

  // ---- async --------------------------------------------------------------------------------

  CompletableFuture<MutationResult> executeAsync() {
    CompletableFuture<MutationResult> future = new CompletableFuture<>();
    // However the future ends (cancel, the caller's orTimeout, or us), the call in flight stops.
    future.whenComplete(
        (r, e) -> {
          Call call = current;
          if (call != null) {
            call.cancel();
          }
        });
    attemptAsync(future);
    return future;
  }

  private void attemptAsync(CompletableFuture<MutationResult> future) {
    if (future.isDone()) {
      return; // cancelled while a retry was scheduled
    }
    Call call;
    try {
      call = newAttempt();
    } catch (RuntimeException e) {
      future.completeExceptionally(e);
      return;
    }
    if (call == null) {
      future.completeExceptionally(deadlineExceeded(null));
      return;
    }
    if (future.isDone()) {
      call.cancel(); // cancelled between the check above and publishing the call
      return;
    }
    long started = timing.nanoTime();
    call.enqueue(
        new Callback() {
          @Override
          public void onResponse(Call c, Response response) {
            Step step;
            try (response) {
              step = RetryingCall.this.onResponse(response, started);
            } catch (IOException e) {
              step = RetryingCall.this.onFailure(e, started);
            } catch (RuntimeException e) {
              step = new Step(null, e, -1);
            }
            handle(future, step);
          }

          @Override
          public void onFailure(Call c, IOException e) {
            if (future.isDone()) {
              return; // the cancellation we asked for
            }
            handle(future, RetryingCall.this.onFailure(e, started));
          }
        });
  }

  private void handle(CompletableFuture<MutationResult> future, Step step) {
    if (step.result != null) {
      future.complete(step.result);
    } else if (step.failure != null) {
      future.completeExceptionally(step.failure);
    } else {
      timing.schedule(() -> attemptAsync(future), step.retryInNanos);
    }
  }

  // ---- one attempt --------------------------------------------------------------------------

  /** Returns the next attempt's call with the time that is left, or null if none is left. */
  private Call newAttempt() {
    long remaining = deadlineNanos - timing.nanoTime();
    if (remaining <= 0) {
      return null;
    }
    attempt++;
    Call call = client.http().newCall(request);
    call.timeout().timeout(remaining, TimeUnit.NANOSECONDS);
    current = call;
    return call;
  }

  private Step onResponse(Response response, long started) throws IOException {
    byte[] body = response.body().bytes();
    int status = response.code();
    if (response.isSuccessful()) {
      if (log.isDebugEnabled()) {
        logAttempt(String.valueOf(status), started, requestId(response), -1);
      }
      try {
        return new Step(WireCodec.standard().readResult(body), null, -1);
      } catch (WireException e) {
        // The server said yes, so the mutation was applied; only its answer is unreadable.
        return new Step(
            null,
            new MutationIoException(
                "HTTP "
                    + status
                    + " with a body that is not a Mutation API result ("
                    + e.getMessage()
                    + "): the mutation was probably applied",
                e,
                true,
                idempotencyKey),
            -1);
      }
    }
    MutationError error =
        response.isRedirect()
            ? redirectError(status, response.header("Location"))
            : WireCodec.standard().readError(status, body);
    Optional<String> requestId = requestId(response);
    Optional<Duration> retryAfter = retryAfter(response);
    MutationServiceException failure = MutationServiceException.of(error, requestId, retryAfter);
    if (mayHaveApplied(status)) {
      outcomeUnknown = true;
    }
    long delay = retryable(error) ? retryDelay(retryAfter) : -1;
    logAttempt(
        status + error.code().map(c -> " " + c.value()).orElse(""), started, requestId, delay);
    return delay < 0 ? new Step(null, failure, -1) : new Step(null, null, delay);
  }

  private static Optional<String> requestId(Response response) {
    return Optional.ofNullable(response.header("X-Request-Id"));
  }

  private Step onFailure(IOException e, long started) {
    if (reachedServer(e)) {
      outcomeUnknown = true;
    }
    String outcome = e.getClass().getSimpleName() + ": " + e.getMessage();
    if (timing.nanoTime() - deadlineNanos >= 0 || isCallTimeout(e)) {
      logAttempt(outcome, started, Optional.empty(), -1);
      return new Step(null, deadlineExceeded(e), -1);
    }
    long delay = retryDelay(Optional.empty());
    logAttempt(outcome, started, Optional.empty(), delay);
    if (delay >= 0) {
      return new Step(null, null, delay);
    }
    return new Step(
        null,
        new MutationIoException(
            describe()
                + " failed after "
                + attempt
                + (attempt == 1 ? " attempt: " : " attempts: ")
                + e
                + (outcomeUnknown ? unknownAdvice() : "; no attempt reached the server"),
            e,
            outcomeUnknown,
            idempotencyKey),
        -1);
  }

  private static MutationError redirectError(int status, String location) {
    return new MutationError(
        status,
        Optional.empty(),
        MutationError.MESSAGE_PREFIX
            + "HTTP "
            + status
            + " redirect to "
            + location
            + ": point baseUrl at the new location (redirects are not followed, because following"
            + " one can turn the POST into a GET)",
        List.of(),
        List.of(),
        List.of(),
        List.of());
  }

  private MutationIoException deadlineExceeded(IOException cause) {
    return new MutationIoException(
        describe()
            + " did not finish within its total deadline of "
            + totalTimeout.toMillis()
            + " ms ("
            + attempt
            + (attempt == 1 ? " attempt)" : " attempts)")
            + (outcomeUnknown ? unknownAdvice() : ""),
        cause,
        outcomeUnknown,
        idempotencyKey);
  }

  private String unknownAdvice() {
    return "; the server may have applied the mutation: to retry safely, send it again with"
        + " idempotency key "
        + idempotencyKey;
  }

  private String describe() {
    return "POST " + request.url().encodedPath();
  }

  /** Returns the wait before the next attempt, or -1 if there is none: no retries or no time. */
  private long retryDelay(Optional<Duration> retryAfter) {
    if (attempt >= maxAttempts) {
      return -1;
    }
    long delay;
    if (retryAfter.isPresent()) {
      delay = retryAfter.get().toNanos();
    } else {
      long exp = BASE_BACKOFF_NANOS << Math.min(attempt - 1, 20);
      long capped = Math.min(exp, MAX_BACKOFF_NANOS);
      // Up to a quarter less, so clients that failed together do not retry together.
      delay = capped - (long) (capped * 0.25 * timing.random());
    }
    long remaining = deadlineNanos - timing.nanoTime();
    // Waiting into a deadline that leaves no time for the attempt would only delay the failure.
    return delay < remaining ? delay : -1;
  }

  private static boolean retryable(MutationError error) {
    switch (error.status()) {
      case 408:
      case 429:
      case 502:
      case 503:
      case 504:
        return true;
      case 409:
        return error.code().map(ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS::equals).orElse(true);
      default:
        return false;
    }
  }

  /** Statuses after which the mutation may have been applied, or may still be. */
  private static boolean mayHaveApplied(int status) {
    return status == 409 || (status >= 500 && status != 503);
  }

  /** False only for failures that happen before a single byte could reach the server. */
  private static boolean reachedServer(IOException e) {
    return !(e instanceof ConnectException
        || e instanceof UnknownHostException
        || e instanceof NoRouteToHostException);
  }

  private static boolean isCallTimeout(IOException e) {
    // OkHttp's call timeout surfaces as a bare InterruptedIOException("timeout"); a read timeout is
    // a SocketTimeoutException, a subclass, and is retried.
    return e.getClass() == InterruptedIOException.class && "timeout".equals(e.getMessage());
  }

  private Optional<Duration> retryAfter(Response response) {
    String value = response.header("Retry-After");
    if (value == null) {
      return Optional.empty();
    }
    try {
      long seconds = Long.parseLong(value.strip());
      return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
    } catch (NumberFormatException e) {
      Date date = response.headers().getDate("Retry-After");
      if (date == null) {
        return Optional.empty();
      }
      Duration d = Duration.between(Instant.now(), date.toInstant());
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    }
  }

  private void logAttempt(String outcome, long started, Optional<String> requestId, long retryIn) {
    if (!log.isDebugEnabled()) {
      return;
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(timing.nanoTime() - started);
    log.debug(
        "{} -> {} in {} ms (attempt {}/{}, idempotency key {}{}{})",
        describe(),
        outcome,
        ms,
        attempt,
        maxAttempts,
        idempotencyKey,
        requestId.map(id -> ", request id " + id).orElse(""),
        retryIn >= 0 ? ", retrying in " + TimeUnit.NANOSECONDS.toMillis(retryIn) + " ms" : "");
  }
}
