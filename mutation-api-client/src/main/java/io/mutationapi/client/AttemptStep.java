package io.mutationapi.client;

/**
 * What to do after an attempt: finish with a response, fail, or retry after a wait.
 *
 * @param <R> what a successful call returns
 */
final class AttemptStep<R> {
  final R response;
  final RuntimeException failure;
  final long retryInNanos;

  private AttemptStep(R response, RuntimeException failure, long retryInNanos) {
    this.response = response;
    this.failure = failure;
    this.retryInNanos = retryInNanos;
  }

  static <R> AttemptStep<R> done(R response) {
    return new AttemptStep<>(response, null, -1);
  }

  /** Ends the call with {@code failure}, which is already final (see {@link CallFailures}). */
  static <R> AttemptStep<R> fail(RuntimeException failure) {
    return new AttemptStep<>(null, failure, -1);
  }

  static <R> AttemptStep<R> retryIn(long nanos) {
    return new AttemptStep<>(null, null, nanos);
  }

  boolean isRetry() {
    return response == null && failure == null;
  }
}
