package io.mutationapi.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The consumers registered on the server, read through the Management API ({@code GET
 * /v1/consumers}). From {@link MutationClient#consumers()}; to pull an HTTP consumer, use {@link
 * MutationClient#consumers(String)}.
 *
 * <p>A token sees a consumer only if it may mutate every sync that serves a collection the consumer
 * consumes; any other is not found, as if it did not exist. Reads are retried like a mutation
 * (failures before an answer, 408, 429, 502, 503, 504). Thread-safe and immutable.
 */
public final class Consumers {
  private final MutationClient client;

  Consumers(MutationClient client) {
    this.client = client;
  }

  /**
   * Returns every consumer this token may see, in registration order.
   *
   * @throws UnauthorizedException if the token is wrong
   * @throws MutationServiceException for another error answer
   * @throws MutationIoException if no usable answer came back
   * @throws IllegalStateException if the client is closed
   */
  public List<ConsumerInfo> list() {
    return listCall().execute();
  }

  /** Returns {@link #list()} without blocking; the future fails as {@code list()} throws. */
  public CompletableFuture<List<ConsumerInfo>> listAsync() {
    return listCall().executeAsync(Function.identity());
  }

  /**
   * Returns the consumer {@code id}.
   *
   * @throws NotFoundException if there is none this token may see
   * @throws UnauthorizedException if the token is wrong
   * @throws MutationServiceException for another error answer
   * @throws MutationIoException if no usable answer came back
   * @throws IllegalStateException if the client is closed
   */
  public ConsumerInfo get(String id) {
    return getCall(id).execute();
  }

  /** Returns {@link #get(String)} without blocking; the future fails as {@code get} throws. */
  public CompletableFuture<ConsumerInfo> getAsync(String id) {
    return getCall(id).executeAsync(Function.identity());
  }

  /** Returns the client; never the token. */
  @Override
  public String toString() {
    return "Consumers{" + client + "}";
  }

  private RetryingCall<List<ConsumerInfo>> listCall() {
    return ApiCalls.read(
        client,
        ApiCalls.url(client, "v1/consumers", null),
        b -> InfoBodies.list(b, InfoBodies::consumer));
  }

  private RetryingCall<ConsumerInfo> getCall(String id) {
    return ApiCalls.read(
        client,
        ApiCalls.url(client, "v1/consumers", ApiCalls.checkId(id, "consumerId")),
        b -> InfoBodies.one(b, InfoBodies::consumer));
  }
}
