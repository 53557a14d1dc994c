package io.mutationapi.client;

import io.mutationapi.MutationRequest;
import io.mutationapi.MutationResult;
import io.mutationapi.internal.IdempotencyKeys;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The calls of the Mutation API, from {@link MutationClient#mutations()}.
 *
 * <p>{@link #create}, {@link #update} and {@link #delete} start a call to fill in and send; {@link
 * #run} sends a request built elsewhere. Thread-safe; the calls it returns are not.
 */
public final class Mutations {
  private final MutationClient client;

  Mutations(MutationClient client) {
    this.client = client;
  }

  /** Starts a call that creates records in {@code collectionId} of {@code syncId}. */
  public CreateCall create(String syncId, String collectionId) {
    return new CreateCall(client, syncId, collectionId);
  }

  /** Starts a call that changes fields of existing records. */
  public UpdateCall update(String syncId, String collectionId) {
    return new UpdateCall(client, syncId, collectionId);
  }

  /** Starts a call that deletes records. */
  public DeleteCall delete(String syncId, String collectionId) {
    return new DeleteCall(client, syncId, collectionId);
  }

  /**
   * Sends {@code request} with a fresh idempotency key, retrying where safe, and returns the
   * result.
   *
   * @throws MutationServiceException if the server answered with an error
   * @throws MutationIoException if no answer came back
   */
  public MutationResult run(MutationRequest request) {
    return run(request, newIdempotencyKey());
  }

  /**
   * Sends {@code request} with {@code idempotencyKey}, e.g. to repeat a request whose outcome is
   * unknown.
   *
   * @throws IllegalArgumentException if the key is not 1 to 255 printable ASCII characters
   */
  public MutationResult run(MutationRequest request, String idempotencyKey) {
    return RetryingCall.mutation(client, check(request), checkKey(idempotencyKey))
        .execute()
        .result();
  }

  /**
   * Sends {@code request} without blocking. The future fails with the exceptions {@link
   * #run(MutationRequest)} throws; cancelling it cancels the HTTP call and any scheduled retry.
   */
  public CompletableFuture<MutationResult> runAsync(MutationRequest request) {
    return runAsync(request, newIdempotencyKey());
  }

  /** Sends {@code request} with {@code idempotencyKey} without blocking. */
  public CompletableFuture<MutationResult> runAsync(
      MutationRequest request, String idempotencyKey) {
    return RetryingCall.mutation(client, check(request), checkKey(idempotencyKey))
        .executeAsync(MutationResponse::result);
  }

  private static MutationRequest check(MutationRequest request) {
    return Objects.requireNonNull(request, "request");
  }

  static String newIdempotencyKey() {
    return UUID.randomUUID().toString();
  }

  static String checkKey(String key) {
    Objects.requireNonNull(key, "idempotencyKey");
    String problem = IdempotencyKeys.problem(key);
    if (problem != null) {
      throw new IllegalArgumentException("idempotencyKey " + problem);
    }
    return key;
  }
}
