package io.mutationapi.client;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationKind;
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
import java.util.ArrayList;
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
 * deadline over all of them (counted from submission, so time queued in OkHttp's dispatcher
 * counts), and the decision after each attempt to finish, fail or retry.
 *
 * <p>Whether to retry is decided from the status and headers alone, before the body is read: once
 * the server has answered, a body that cannot be read never leads to sending the request again.
 *
 * <p>Used by one thread at a time: the blocking loop on the caller's thread, or the async chain
 * where each step happens-after the previous one (OkHttp callback, then scheduled retry). Only the
 * deadline timer of an async call looks in from another thread, through the volatile fields.
 */
final class RetryingCall {
  private static final Logger log = LoggerFactory.getLogger(MutationClient.class);
  private static final MediaType JSON = MediaType.get("application/json");
  private static final long BASE_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(8);

  /** How many closed pooled connections one call may run into before it counts as a failure. */
  private static final int MAX_STALE_RETRIES = 8;

  /** How many earlier attempts' failures the final exception carries as suppressed. */
  private static final int MAX_SUPPRESSED = 16;

  private final MutationClient client;
  private final Timing timing;
  private final Request request;
  private final String idempotencyKey;
  private final int requestSize;
  private final boolean create;
  private final int maxAttempts;
  private final long deadlineNanos;
  private final Duration totalTimeout;
  private final List<Throwable> earlier = new ArrayList<>();

  private volatile int attempt;
  private volatile boolean outcomeUnknown;
  private volatile boolean inFlight;
  private int staleRetries;
  private volatile Call current;

  RetryingCall(MutationClient client, MutationRequest mutation, String idempotencyKey) {
    if (client.isClosed()) {
      throw new IllegalStateException("the client is closed: " + client);
    }
    this.client = client;
    this.timing = client.timing();
    this.idempotencyKey = idempotencyKey;
    this.requestSize = mutation.size();
    this.create = mutation.kind() == MutationKind.CREATE;
    ClientOptions options = client.options();
    this.maxAttempts = options.maxRetries() + 1;
    Duration readTimeout = options.readTimeoutFor(mutation);
    this.totalTimeout = options.totalTimeout(readTimeout);
    this.deadlineNanos = timing.nanoTime() + totalTimeout.toNanos();
    byte[] body = WireCodec.standard().writeRequest(mutation);
    this.request =
        new Request.Builder()
            .url(client.endpoint())
            // Added, not set: a new builder has no header to replace, and setting searches for one.
            .addHeader("Authorization", client.authorization())
            .addHeader("Idempotency-Key", idempotencyKey)
            .addHeader("User-Agent", Version.USER_AGENT)
            .addHeader("Accept", "application/json")
            // Without it OkHttp asks for gzip and inflates without a bound: a small answer could
            // inflate to gigabytes before any limit of ours applies.
            .addHeader("Accept-Encoding", "identity")
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
        throw finalFailure(deadlineExceeded(null, false));
      }
      long started = timing.nanoTime();
      Response response;
      try {
        response = call.execute();
      } catch (IOException e) {
        inFlight = false;
        if (Thread.currentThread().isInterrupted()) {
          outcomeUnknown |= reachedServer(e);
          throw finalFailure(
              new MutationIoException(
                  describe() + " was interrupted" + (outcomeUnknown ? unknownAdvice() : ""),
                  e,
                  outcomeUnknown,
                  idempotencyKey));
        }
        Step step = onFailure(e, started);
        if (!next(step)) {
          throw step.failure;
        }
        continue;
      }
      inFlight = false;
      Step step;
      try (response) {
        step = onResponse(response, started);
      }
      if (step.result != null) {
        return step.result;
      }
      if (!next(step)) {
        throw step.failure;
      }
    }
  }

  /** Waits for the retry {@code step} asks for; false if the step is a failure instead. */
  private boolean next(Step step) {
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
      throw finalFailure(
          new MutationIoException(
              "interrupted while waiting to retry "
                  + describe()
                  + (outcomeUnknown ? unknownAdvice() : ""),
              e,
              outcomeUnknown,
              idempotencyKey));
    }
  }

  // ---- async --------------------------------------------------------------------------------

  CompletableFuture<MutationResult> executeAsync() {
    CompletableFuture<MutationResult> future = new CompletableFuture<>();
    // The deadline counts from now: time spent queued behind other calls is part of it.
    Runnable stopTimer =
        timing.deadline(
            () ->
                complete(
                    future, finalFailure(deadlineExceeded(null, inFlight && !queued(current)))),
            Math.max(0, deadlineNanos - timing.nanoTime()));
    // However the future ends (cancel, the caller's orTimeout, or us), the call in flight stops.
    future.whenComplete(
        (r, e) -> {
          stopTimer.run();
          Call call = current;
          if (call != null) {
            call.cancel();
          }
        });
    attemptAsync(future);
    return future;
  }

  private boolean queued(Call call) {
    return call != null && client.http().dispatcher().queuedCalls().contains(call);
  }

  private void attemptAsync(CompletableFuture<MutationResult> future) {
    try {
      if (future.isDone()) {
        return; // cancelled while a retry was scheduled
      }
      Call call = newAttempt();
      if (call == null) {
        complete(future, finalFailure(deadlineExceeded(null, false)));
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
              inFlight = false;
              Step step;
              try (response) {
                step = RetryingCall.this.onResponse(response, started);
              } catch (Throwable t) {
                // An Error here (out of memory, say) must still end the future: OkHttp calls no
                // onFailure once onResponse has started.
                step = failInClient(t, true);
              }
              handle(future, step);
            }

            @Override
            public void onFailure(Call c, IOException e) {
              inFlight = false;
              if (future.isDone()) {
                return; // the cancellation we asked for
              }
              Step step;
              try {
                step = RetryingCall.this.onFailure(e, started);
              } catch (Throwable t) {
                step = failInClient(t, reachedServer(e));
              }
              handle(future, step);
            }
          });
    } catch (Throwable t) {
      complete(future, failInClient(t, inFlight).failure);
    }
  }

  private void handle(CompletableFuture<MutationResult> future, Step step) {
    try {
      if (step.result != null) {
        future.complete(step.result);
      } else if (step.failure != null) {
        complete(future, step.failure);
      } else if (step.retryInNanos <= 0) {
        attemptAsync(future);
      } else {
        timing.schedule(() -> attemptAsync(future), step.retryInNanos);
      }
    } catch (Throwable t) {
      complete(future, failInClient(t, false).failure);
    }
  }

  private static void complete(CompletableFuture<MutationResult> future, RuntimeException e) {
    future.completeExceptionally(e);
  }

  /** Something failed in the client itself, not on the wire: still a failure with the key. */
  private Step failInClient(Throwable t, boolean mayHaveReachedServer) {
    outcomeUnknown |= mayHaveReachedServer;
    if (t instanceof MutationIoException) {
      return fail((MutationIoException) t);
    }
    return fail(
        new MutationIoException(
            describe()
                + " failed in the client: "
                + Text.printable(t.toString(), Text.MAX_MESSAGE)
                + (outcomeUnknown ? unknownAdvice() : ""),
            t,
            outcomeUnknown,
            idempotencyKey));
  }

  // ---- one attempt --------------------------------------------------------------------------

  /**
   * Returns the next attempt's call with the time that is left, or null if none is left.
   *
   * @throws MutationIoException if the client was closed
   */
  private Call newAttempt() {
    if (client.isClosed()) {
      throw finalFailure(closed(null));
    }
    long remaining = deadlineNanos - timing.nanoTime();
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

  private Step onResponse(Response response, long started) {
    int status = response.code();
    Optional<String> requestId = Answers.requestId(response);
    if (status < 100 || status > 599) {
      // Some proxies send 999. Whatever happened behind it is unknown, and not worth repeating.
      outcomeUnknown = true;
      MutationError error =
          Answers.genericError(
              502,
              "HTTP "
                  + status
                  + " is not an HTTP status: something between the client and the API answered"
                  + " (reported as 502)");
      logAttempt(String.valueOf(status), started, requestId, -1);
      return fail(new MutationServiceException(error, requestId, Optional.empty()));
    }
    if (response.isSuccessful()) {
      return onSuccess(response, status, requestId, started);
    }
    // Decided from the status and headers, before the body is read: a body that then cannot be
    // read must not turn an answer into a connection failure that is retried.
    boolean retry = Answers.retryable(status);
    Optional<Duration> retryAfter = Answers.retryAfter(response);
    if (Answers.mayHaveApplied(status)) {
      outcomeUnknown = true;
    }
    MutationError error =
        response.isRedirect()
            ? Answers.redirectError(status, response.header("Location"))
            : Answers.readError(response, status);
    if (status == 409
        && error.code().filter(c -> !c.equals(ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS)).isPresent()) {
      retry = false;
    }
    MutationServiceException failure = MutationServiceException.of(error, requestId, retryAfter);
    long delay = retry ? retryDelay(retryAfter) : -1;
    logAttempt(
        status + error.code().map(c -> " " + Text.printable(c.value(), Text.MAX_SHORT)).orElse(""),
        started,
        requestId,
        delay);
    if (delay < 0) {
      return fail(failure);
    }
    remember(failure);
    return new Step(null, null, delay);
  }

  private Step onSuccess(Response response, int status, Optional<String> requestId, long started) {
    logAttempt(String.valueOf(status), started, requestId, -1);
    byte[] body;
    try {
      body = AnswerBody.read(response.body(), AnswerBody.MAX_RESULT_BYTES);
    } catch (IOException e) {
      return fail(
          probablyApplied(
              status,
              "whose body could not be read (" + Text.printable(e.toString(), 500) + ")",
              e));
    }
    MutationResult result;
    try {
      result = WireCodec.standard().readResult(body);
    } catch (WireException e) {
      return fail(
          probablyApplied(
              status,
              "with a body that is not a Mutation API result (" + Answers.reason(e) + ")",
              e));
    }
    // A create answers with one new record per input record; any other count is not its answer.
    if (create && result.records().size() != requestSize) {
      return fail(
          probablyApplied(
              status,
              "with "
                  + result.records().size()
                  + " records for a request of "
                  + requestSize
                  + " (a create answers with one record per input record)",
              null));
    }
    return new Step(result, null, -1);
  }

  private MutationIoException probablyApplied(int status, String what, Throwable cause) {
    // The server said yes, so the mutation was applied; only its answer is unusable.
    outcomeUnknown = true;
    return new MutationIoException(
        "HTTP "
            + status
            + " "
            + what
            + ": the mutation was probably applied; do not send it again without idempotency key "
            + idempotencyKey,
        cause,
        true,
        idempotencyKey);
  }

  private Step onFailure(IOException e, long started) {
    String outcome = Text.printable(e.getClass().getSimpleName() + ": " + e.getMessage(), 500);
    if (client.isClosed()) {
      outcomeUnknown |= reachedServer(e);
      logAttempt(outcome, started, Optional.empty(), -1);
      return fail(closed(e));
    }
    if (e instanceof ConnectionGuard.StaleConnectionException
        && staleRetries < MAX_STALE_RETRIES
        && deadlineNanos - timing.nanoTime() > 0) {
      // The server had closed the pooled connection before our request: nothing reached it, so
      // this is not an attempt; send again at once (a new connection, as OkHttp dropped this one).
      staleRetries++;
      attempt--;
      logAttempt(outcome, started, Optional.empty(), 0);
      return new Step(null, null, 0);
    }
    if (reachedServer(e)) {
      outcomeUnknown = true;
    }
    if (timing.nanoTime() - deadlineNanos >= 0 || isCallTimeout(e)) {
      logAttempt(outcome, started, Optional.empty(), -1);
      return fail(deadlineExceeded(e, false));
    }
    long delay = retryDelay(Optional.empty());
    logAttempt(outcome, started, Optional.empty(), delay);
    if (delay >= 0) {
      remember(e);
      return new Step(null, null, delay);
    }
    return fail(
        new MutationIoException(
            describe()
                + " failed after "
                + attempt
                + (attempt == 1 ? " attempt: " : " attempts: ")
                + Text.printable(e.toString(), 500)
                + (outcomeUnknown ? unknownAdvice() : "; no attempt reached the server"),
            e,
            outcomeUnknown,
            idempotencyKey));
  }

  private void remember(Throwable failure) {
    synchronized (earlier) {
      if (earlier.size() < MAX_SUPPRESSED) {
        earlier.add(failure);
      }
    }
  }

  private Step fail(RuntimeException failure) {
    return new Step(null, finalFailure(failure), -1);
  }

  /**
   * Gives the exception that ends the call what every such exception carries: the earlier attempts'
   * failures as suppressed, and for an error answer the key and whether the mutation may have been
   * applied.
   */
  private RuntimeException finalFailure(RuntimeException failure) {
    synchronized (earlier) {
      for (Throwable t : earlier) {
        if (t != failure && t != failure.getCause()) {
          failure.addSuppressed(t);
        }
      }
      earlier.clear();
    }
    if (failure instanceof MutationServiceException) {
      Failures.describe(
          (MutationServiceException) failure, idempotencyKey, outcomeUnknown, requestSize);
    }
    return failure;
  }

  private MutationIoException deadlineExceeded(IOException cause, boolean inFlightAttempt) {
    boolean unknown = outcomeUnknown || inFlightAttempt;
    int n = attempt;
    return new MutationIoException(
        describe()
            + " did not finish within its total deadline of "
            + totalTimeout.toMillis()
            + " ms ("
            + n
            + (n == 1 ? " attempt)" : " attempts)")
            + (unknown ? unknownAdvice() : ""),
        cause,
        unknown,
        idempotencyKey);
  }

  private MutationIoException closed(IOException cause) {
    return new MutationIoException(
        describe()
            + " was stopped because the client was closed"
            + (outcomeUnknown ? unknownAdvice() : "; no attempt reached the server"),
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
      delay = retryAfter.get().toNanos(); // at most a day, so it fits
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
        requestId.map(id -> ", request id " + Text.printable(id, Text.MAX_SHORT)).orElse(""),
        retryIn >= 0 ? ", retrying in " + TimeUnit.NANOSECONDS.toMillis(retryIn) + " ms" : "");
  }
}
