package io.mutationapi.client;

import io.mutationapi.AwaitConsumers;
import io.mutationapi.MutationRequest;
import io.mutationapi.MutationResult;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A mutation being filled in, then sent with {@link #execute()} or {@link #executeAsync()}.
 *
 * <p>Each {@code execute} is one logical request: it gets a fresh idempotency key unless {@link
 * #idempotencyKey} set one, and keeps it across its retries. Not thread-safe; a call may be sent
 * more than once.
 *
 * <p>{@code execute()} returns the records; {@link #withRawResponse()} returns them with the
 * answer's status, headers, request id and whether the server replayed a stored answer.
 *
 * @param <C> the concrete call, for chaining
 */
public abstract sealed class MutationCall<C extends MutationCall<C>>
    permits CreateCall, UpdateCall, DeleteCall {
  final MutationClient client;
  final String syncId;
  final String collectionId;
  private AwaitConsumers awaitConsumers;
  private String idempotencyKey;

  MutationCall(MutationClient client, String syncId, String collectionId) {
    this.client = client;
    this.syncId = syncId;
    this.collectionId = collectionId;
  }

  abstract C self();

  /**
   * Answers only after these consumers have processed the change, waiting at most {@code timeout}
   * (counted on the server from when the change is published). The HTTP read timeout grows to fit.
   */
  public C awaitConsumers(List<String> consumerIds, Duration timeout) {
    this.awaitConsumers = AwaitConsumers.of(consumerIds, timeout);
    return self();
  }

  /** Answers only after these consumers have processed the change, waiting at most 30 seconds. */
  public C awaitConsumers(String... consumerIds) {
    this.awaitConsumers =
        AwaitConsumers.of(Arrays.asList(consumerIds), AwaitConsumers.DEFAULT_TIMEOUT);
    return self();
  }

  /**
   * Sends {@code idempotencyKey} instead of a fresh one, e.g. to repeat a request whose outcome was
   * unknown. A server that honours keys answers a repeat with the first answer and applies nothing
   * again.
   *
   * @throws IllegalArgumentException if the key is not 1 to 255 printable ASCII characters
   */
  public C idempotencyKey(String idempotencyKey) {
    this.idempotencyKey = Mutations.checkKey(idempotencyKey);
    return self();
  }

  /**
   * Returns the request this call sends.
   *
   * @throws IllegalStateException if it has no record or id yet
   * @throws IllegalArgumentException if an id is empty or repeated
   */
  public abstract MutationRequest request();

  /**
   * Sends the mutation, retrying where safe, and returns the records as they are after it.
   *
   * <p>Blocks the calling thread. An interrupt ends the call between attempts; OkHttp's blocking
   * socket reads do not notice one, so to abandon a call in flight use {@link #executeAsync()} and
   * cancel the future.
   *
   * @throws BadRequestException and the other {@link MutationServiceException}s if the server
   *     answered with an error
   * @throws ConsumersTimeoutException if the mutation was applied but the consumers did not finish
   *     in time
   * @throws MutationIoException if no usable answer came back, or the client was closed while the
   *     call was in flight; {@link MutationIoException#isOutcomeUnknown()} says whether it may have
   *     been applied
   * @throws IllegalStateException if it has no record or id yet, or the client is closed
   */
  public MutationResult execute() {
    return send().execute().result();
  }

  /**
   * Sends the mutation without blocking. The future always completes: with the result, or with the
   * exceptions {@link #execute()} throws (anything else thrown while handling the answer, even an
   * {@code Error}, becomes a {@link MutationIoException}), at the latest at the total deadline,
   * which counts time spent queued behind other calls. Cancelling it cancels the HTTP call and any
   * scheduled retry.
   *
   * @throws IllegalStateException if it has no record or id yet, or the client is closed (thrown,
   *     not in the future)
   */
  public CompletableFuture<MutationResult> executeAsync() {
    return send().executeAsync(MutationResponse::result);
  }

  /**
   * Returns a view of this call whose {@code execute} returns the {@link MutationResponse}: the
   * result with the status, headers, request id and whether the server replayed a stored answer.
   * The view sends what this call holds when it executes; it fails as {@link #execute()} does.
   */
  public WithRawResponse withRawResponse() {
    return new WithRawResponse(this);
  }

  /**
   * A {@link MutationCall} whose answers come with their HTTP metadata, from {@link
   * MutationCall#withRawResponse()}. Not thread-safe, like the call it views.
   */
  public static final class WithRawResponse {
    private final MutationCall<?> call;

    private WithRawResponse(MutationCall<?> call) {
      this.call = call;
    }

    /**
     * Sends the mutation as {@link MutationCall#execute()} does and returns the successful answer
     * with its metadata.
     *
     * @throws MutationServiceException if the server answered with an error
     * @throws MutationIoException if no usable answer came back
     * @throws IllegalStateException if it has no record or id yet, or the client is closed
     */
    public MutationResponse execute() {
      return call.send().execute();
    }

    /**
     * Sends the mutation without blocking, as {@link MutationCall#executeAsync()} does; cancelling
     * the future cancels the HTTP call and any scheduled retry.
     *
     * @throws IllegalStateException if it has no record or id yet, or the client is closed (thrown,
     *     not in the future)
     */
    public CompletableFuture<MutationResponse> executeAsync() {
      return call.send().executeAsync(Function.identity());
    }

    /** Returns what the call will send, without record data. */
    @Override
    public String toString() {
      return call + ".withRawResponse()";
    }
  }

  AwaitConsumers await() {
    return awaitConsumers;
  }

  /** Starts one logical request of what the call holds now. */
  private RetryingCall<MutationResponse> send() {
    return RetryingCall.mutation(client, request(), key());
  }

  private String key() {
    return idempotencyKey != null ? idempotencyKey : Mutations.newIdempotencyKey();
  }

  /** Returns what the call will send, without record data. */
  @Override
  public String toString() {
    return getClass().getSimpleName() + "{" + syncId + "/" + collectionId + "}";
  }
}
