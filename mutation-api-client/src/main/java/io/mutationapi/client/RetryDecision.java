package io.mutationapi.client;

import io.mutationapi.MutationError;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

/**
 * The decision after each attempt: finish, fail or retry, and whether the mutation may have been
 * applied. An answer is judged from its status and headers, before its body is read: once the
 * server has answered, a body that cannot be read never leads to sending the request again. The
 * body can only turn a retry off: for a mutation, a 503 is retried unless its body, read whole,
 * names applied {@code records} (our server's "change stream is unavailable"); a 503 whose body is
 * cut or too long is retried, as its status says. Which statuses and failures are retried at all is
 * the call's {@link CallSpec}'s to say.
 */
final class RetryDecision {
  /** How many closed pooled connections one call may run into before it counts as a failure. */
  private static final int MAX_STALE_RETRIES = 8;

  private RetryDecision() {}

  /** Decides after the server answered; the caller closes {@code response}. */
  static <R> AttemptStep<R> afterAnswer(
      RetryingCall<R> call, okhttp3.Response response, long started) {
    int status = response.code();
    Optional<String> requestId = Answers.requestId(response);
    if (status < 100 || status > 599) {
      // Some proxies send 999. Whatever happened behind it is unknown, and not worth repeating.
      call.markOutcomeUnknown();
      MutationError error =
          Answers.genericError(
              502,
              "HTTP "
                  + status
                  + " is not an HTTP status: something between the client and the API answered"
                  + " (reported as 502)");
      AttemptLog.attempt(call, String.valueOf(status), started, requestId, -1);
      return call.fail(new MutationServiceException(error, requestId, Optional.empty()));
    }
    if (response.isSuccessful()) {
      AttemptLog.attempt(call, String.valueOf(status), started, requestId, -1);
      return call.spec().success(call, response);
    }
    // Decided from the status and headers, before the body is read: a body that then cannot be
    // read must not turn an answer into a connection failure that is retried.
    CallSpec<R> spec = call.spec();
    boolean retry = spec.retryableStatus(status);
    Optional<Duration> retryAfter = Answers.retryAfter(response);
    if (spec.mayHaveApplied(status)) {
      call.markOutcomeUnknown();
    }
    MutationError error =
        response.isRedirect()
            ? Answers.redirectError(status, response.header("Location"))
            : Answers.readError(response, status);
    R result = spec.resultOf(error);
    if (result != null) {
      AttemptLog.attempt(call, String.valueOf(status), started, requestId, -1);
      return AttemptStep.done(result);
    }
    retry = retry && spec.retryableError(error);
    MutationServiceException failure = MutationServiceException.of(error, requestId, retryAfter);
    long delay = retry ? call.retryDelay(retryAfter) : -1;
    AttemptLog.attempt(
        call,
        status + error.code().map(c -> " " + Text.printable(c.value(), Text.MAX_SHORT)).orElse(""),
        started,
        requestId,
        delay);
    if (delay < 0) {
      return call.fail(failure);
    }
    call.failures().remember(failure);
    return AttemptStep.retryIn(delay);
  }

  /** Decides after an attempt failed on the wire, before any answer. */
  static <R> AttemptStep<R> afterFailure(RetryingCall<R> call, IOException e, long started) {
    String outcome = Text.printable(e.getClass().getSimpleName() + ": " + e.getMessage(), 500);
    if (call.client().isClosed()) {
      if (reachedServer(e)) {
        call.markOutcomeUnknown();
      }
      AttemptLog.attempt(call, outcome, started, Optional.empty(), -1);
      return call.fail(call.failures().closed(e));
    }
    if (e instanceof ConnectionGuard.StaleConnectionException
        && call.staleRetries() < MAX_STALE_RETRIES
        && call.deadline().remainingNanos() > 0) {
      // The server had closed the pooled connection before our request: nothing reached it, so
      // this is not an attempt; send again at once (a new connection, as OkHttp dropped this one).
      call.notAnAttempt();
      AttemptLog.attempt(call, outcome, started, Optional.empty(), 0);
      return AttemptStep.retryIn(0);
    }
    if (reachedServer(e)) {
      call.markOutcomeUnknown();
    }
    if (call.deadline().isPast() || isCallTimeout(e)) {
      AttemptLog.attempt(call, outcome, started, Optional.empty(), -1);
      return call.fail(call.failures().deadlineExceeded(e, false));
    }
    long delay = call.spec().retryableFailure(e) ? call.retryDelay(Optional.empty()) : -1;
    AttemptLog.attempt(call, outcome, started, Optional.empty(), delay);
    if (delay >= 0) {
      call.failures().remember(e);
      return AttemptStep.retryIn(delay);
    }
    return call.fail(call.failures().failedAfterAttempts(e));
  }

  /** False only for failures that happen before a single byte could reach the server. */
  static boolean reachedServer(IOException e) {
    return !(e instanceof ConnectException
        || e instanceof UnknownHostException
        || e instanceof NoRouteToHostException);
  }

  private static boolean isCallTimeout(IOException e) {
    // OkHttp's call timeout surfaces as a bare InterruptedIOException("timeout"); a read timeout is
    // a SocketTimeoutException, a subclass, and is retried.
    return e.getClass() == InterruptedIOException.class && "timeout".equals(e.getMessage());
  }
}
