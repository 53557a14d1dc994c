package io.mutationapi.server.spi;

import io.mutationapi.MutationRequest;
import java.util.concurrent.CompletionStage;

/**
 * Runs mutations in process, exactly as {@code POST /v1/mutations/run} does, without HTTP.
 *
 * <p>The order is the wire contract's: resolve the sync, the collection and every awaited consumer,
 * and check limits and authorization, all before the upstream is called (nothing that fails here
 * reaches the upstream); apply the mutation; publish the changed records; wait for the awaited
 * consumers, with the timeout counted from publishing; answer.
 *
 * <p>The returned stage never fails for an expected failure: those are {@link
 * MutationOutcome.Failure}s. No thread is held while the request waits for consumers. Thread-safe.
 */
@FunctionalInterface
public interface MutationService {

  /**
   * Runs {@code request} on behalf of {@code principal}.
   *
   * @return the outcome; a {@link MutationOutcome.Failure} for every failure
   */
  CompletionStage<MutationOutcome> run(MutationRequest request, Principal principal);

  /**
   * Runs {@code request} on behalf of {@code principal}, as {@link #run(MutationRequest,
   * Principal)} does, for the request {@code requestId} (the HTTP handler passes its {@code
   * X-Request-Id}), which the upstream receives in its {@link UpstreamContext} for log correlation.
   * The default ignores {@code requestId}.
   *
   * @return the outcome; a {@link MutationOutcome.Failure} for every failure
   */
  default CompletionStage<MutationOutcome> run(
      MutationRequest request, Principal principal, String requestId) {
    return run(request, principal);
  }
}
