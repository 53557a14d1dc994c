package io.mutationapi.client;

import io.mutationapi.MutationResult;
import io.mutationapi.internal.WireCodec;
import io.mutationapi.internal.WireException;
import java.io.IOException;
import okhttp3.Response;

/**
 * Reads a 2xx answer into a {@link MutationResponse}. The mutation was applied, so a body that is
 * cut, too large, not a result, or not the answer to this request ends the call with a {@link
 * MutationIoException} that says so; it is never sent again.
 */
final class SuccessAnswer {
  private SuccessAnswer() {}

  static AttemptStep<MutationResponse> read(
      RetryingCall<MutationResponse> call, MutationSpec spec, Response response) {
    int status = response.code();
    byte[] body;
    try {
      body = AnswerBody.read(response.body(), AnswerBody.MAX_RESULT_BYTES);
    } catch (IOException e) {
      return unusable(
          call,
          status,
          "whose body could not be read (" + Text.printable(e.toString(), 500) + ")",
          e);
    }
    MutationResult result;
    try {
      result = WireCodec.standard().readResult(body);
    } catch (WireException e) {
      return unusable(
          call,
          status,
          "with a body that is not a Mutation API result (" + Answers.reason(e) + ")",
          e);
    }
    // A create answers with one new record per input record; any other count is not its answer.
    if (spec.isCreate() && result.records().size() != spec.requestSize()) {
      return unusable(
          call,
          status,
          "with "
              + result.records().size()
              + " records for a request of "
              + spec.requestSize()
              + " (a create answers with one record per input record)",
          null);
    }
    return AttemptStep.done(
        new MutationResponse(status, response.headers(), result, call.idempotencyKey()));
  }

  private static AttemptStep<MutationResponse> unusable(
      RetryingCall<MutationResponse> call, int status, String what, Throwable cause) {
    call.markOutcomeUnknown();
    return call.fail(call.failures().probablyApplied(status, what, cause));
  }
}
