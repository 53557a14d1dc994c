package io.mutationapi.client;

/** What to do after an attempt: finish with a response, fail, or retry after a wait. */
final class AttemptStep {
  final MutationResponse response;
  final RuntimeException failure;
  final long retryInNanos;

  private AttemptStep(MutationResponse response, RuntimeException failure, long retryInNanos) {
    this.response = response;
    this.failure = failure;
    this.retryInNanos = retryInNanos;
  }

  static AttemptStep done(MutationResponse response) {
    return new AttemptStep(response, null, -1);
  }

  /** Ends the call with {@code failure}, which is already final (see {@link CallFailures}). */
  static AttemptStep fail(RuntimeException failure) {
    return new AttemptStep(null, failure, -1);
  }

  static AttemptStep retryIn(long nanos) {
    return new AttemptStep(null, null, nanos);
  }

  boolean isRetry() {
    return response == null && failure == null;
  }
}
