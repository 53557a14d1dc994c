package io.mutationapi.client;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationKind;
import io.mutationapi.MutationRequest;
import java.time.Duration;
import okhttp3.Response;

/**
 * A mutation as {@link RetryingCall} sends it: the same body and idempotency key on every attempt,
 * so every failure before an answer may be retried, and the statuses of {@link Answers#retryable}.
 */
final class MutationSpec extends CallSpec<MutationResponse> {
  private final String idempotencyKey;
  private final int requestSize;
  private final boolean create;

  private MutationSpec(
      MutationClient client, MutationRequest mutation, String idempotencyKey, Duration read) {
    super(
        HttpRequests.post(client, mutation, idempotencyKey, read),
        client.options().totalTimeout(read));
    this.idempotencyKey = idempotencyKey;
    this.requestSize = mutation.size();
    this.create = mutation.kind() == MutationKind.CREATE;
  }

  static MutationSpec of(MutationClient client, MutationRequest mutation, String idempotencyKey) {
    return new MutationSpec(
        client, mutation, idempotencyKey, client.options().readTimeoutFor(mutation));
  }

  @Override
  AttemptStep<MutationResponse> success(RetryingCall<MutationResponse> call, Response response) {
    return SuccessAnswer.read(call, this, response);
  }

  @Override
  boolean retryableStatus(int status) {
    return Answers.retryable(status);
  }

  @Override
  boolean retryableError(MutationError error) {
    if (error.status() == 409
        && error.code().filter(c -> !c.equals(ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS)).isPresent()) {
      return false;
    }
    // Applied upstream, then not published: sending it again could apply it twice.
    return !(error.status() == 503 && !error.records().isEmpty());
  }

  @Override
  boolean mayHaveApplied(int status) {
    return Answers.mayHaveApplied(status);
  }

  @Override
  String idempotencyKey() {
    return idempotencyKey;
  }

  @Override
  String unknownOutcomeAdvice() {
    return "; the server may have applied the mutation: to retry safely, send it again with"
        + " idempotency key "
        + idempotencyKey;
  }

  @Override
  void explain(MutationServiceException e, boolean outcomeUnknown) {
    CallFailures.explainMutation(e, idempotencyKey, outcomeUnknown, requestSize);
  }

  int requestSize() {
    return requestSize;
  }

  boolean isCreate() {
    return create;
  }
}
