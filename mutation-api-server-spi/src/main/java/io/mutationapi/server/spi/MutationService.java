package io.mutationapi.server.spi;

import io.mutationapi.ConsistencyToken;
import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.internal.WaitRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
 *
 * <p>A success carries a {@link ConsistencyToken}; {@link #await} waits for it later, in process,
 * as {@code POST /v1/consumers/wait} does: for a host that reads its own consumer's table in the
 * same JVM, a write can answer at once and only the read that needs it waits.
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

  /**
   * Waits until every consumer in {@code consumerIds} has processed every position of {@code
   * token}, or {@code timeout} has passed, holding no thread while it waits.
   *
   * <p>A consumer counts as having processed a position it skipped because it does not consume that
   * record's collection, and one whose record it did not apply (the wait is about progress; the
   * mutation's own await reports records not applied). A token the consumers already reached
   * answers at once, without registering anything. Refusals, in this order: a {@code timeout} out
   * of bounds ({@code 400 validation_error}); a token not issued to {@code principal} by this
   * server (or a node sharing its key), or changed since ({@code 400 validation_error}, {@code
   * "consistency_token: not valid for this server and principal"}, which never says which check
   * failed); an unknown consumer, or one {@code principal} may not see ({@code 400
   * unknown_consumer}). On timeout the answer is {@code 500 consumers_timeout}, {@code "Timed out
   * waiting for consumers: <ids>"}, naming the consumers still behind.
   *
   * <p>The default refuses every token, as a service that issues none must.
   *
   * @param token the positions to wait for
   * @param consumerIds the consumers to wait for, in the order a timeout names them; duplicates
   *     count once; at least one
   * @param timeout how long to wait, 1 ms to the server's longest await timeout
   * @param principal who waits: the principal the token was issued to
   * @return the outcome; the stage never fails for an expected failure
   */
  default CompletionStage<WaitOutcome> await(
      ConsistencyToken token, List<String> consumerIds, Duration timeout, Principal principal) {
    return CompletableFuture.completedFuture(
        new WaitOutcome.Failure(
            MutationError.of(ErrorCode.VALIDATION_ERROR, WaitRequest.TOKEN_NOT_VALID)));
  }
}
