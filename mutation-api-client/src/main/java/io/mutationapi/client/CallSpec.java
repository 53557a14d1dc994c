package io.mutationapi.client;

import io.mutationapi.MutationError;
import java.io.IOException;
import java.time.Duration;
import okhttp3.Request;
import okhttp3.Response;

/**
 * What one logical request is, for {@link RetryingCall}: the HTTP request every attempt sends, its
 * total deadline, how a 2xx answer is read, and when an attempt may be sent again. {@link
 * MutationSpec} is a mutation; {@link ApiCallSpec} the consume and management calls.
 *
 * @param <R> what a successful call returns
 */
abstract class CallSpec<R> {
  final Request request;
  final Duration totalTimeout;

  CallSpec(Request request, Duration totalTimeout) {
    this.request = request;
    this.totalTimeout = totalTimeout;
  }

  /** Reads a 2xx answer; the caller closes {@code response}. */
  abstract AttemptStep<R> success(RetryingCall<R> call, Response response);

  /** Whether an error answer with {@code status} may be sent again, judged before its body. */
  abstract boolean retryableStatus(int status);

  /** Whether an error answer whose status is retryable still is, once its body is read. */
  boolean retryableError(MutationError error) {
    return true;
  }

  /** Whether an error answer with {@code status} leaves the outcome of the call unknown. */
  abstract boolean mayHaveApplied(int status);

  /** Whether an attempt that failed on the wire with {@code e} may be sent again. */
  boolean retryableFailure(IOException e) {
    return true;
  }

  /**
   * Returns what an error answer means when it is this call's result rather than a failure (an ack
   * with rejected tokens), else null.
   */
  R resultOf(MutationError error) {
    return null;
  }

  /** The idempotency key every attempt carries, or null if the call sends none. */
  String idempotencyKey() {
    return null;
  }

  /** What to do when the outcome is unknown, appended to messages: "; ...". */
  abstract String unknownOutcomeAdvice();

  /** Completes an error answer's exception with the key, the outcome and advice. */
  void explain(MutationServiceException e, boolean outcomeUnknown) {
    e.attempted(idempotencyKey(), outcomeUnknown, outcomeUnknown ? unknownOutcomeAdvice() : "");
  }

  /** Returns {@code "<METHOD> <path>"}, for messages and the log. */
  String describe() {
    return request.method() + " " + request.url().encodedPath();
  }
}
