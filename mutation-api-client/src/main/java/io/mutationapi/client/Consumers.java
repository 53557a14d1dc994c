package io.mutationapi.client;

import io.mutationapi.ConsistencyToken;
import io.mutationapi.internal.WaitRequest;
import io.mutationapi.internal.WireCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
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
 *
 * <p>{@link #await} waits where you read: a mutation answers at once with a {@link
 * ConsistencyToken} ({@code result.consistencyToken()}), and the request that reads a consumer's
 * data waits for it first ({@code POST /v1/consumers/wait}).
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

  /**
   * Waits until every consumer in {@code consumerIds} has processed every position of {@code
   * token}, or {@code timeout} has passed. Returns at once if they already have.
   *
   * <pre>{@code
   * ConsistencyToken written = client.mutations().create(...).execute().consistencyToken().orElseThrow();
   * // ... later, before reading the consumer's table:
   * client.consumers().await(written, List.of("local-db"), Duration.ofSeconds(5));
   * }</pre>
   *
   * <p>Waiting changes nothing on the server, so a wait is retried like a read; each attempt may
   * wait up to {@code timeout} again. Positions of collections a consumer does not consume count as
   * processed.
   *
   * @param token the positions to wait for, e.g. {@link ConsistencyToken#merge merged} tokens of
   *     several mutations of this API token
   * @param consumerIds the consumers, at least one; duplicates count once
   * @param timeout how long the server waits, 1 ms to its longest await (300 s by default)
   * @throws ConsumersTimeoutException if a consumer had not caught up within {@code timeout}; its
   *     {@code pendingConsumerIds()} names them
   * @throws BadRequestException if the token is not valid for this server and API token ({@code
   *     validation_error}), a consumer is unknown or hidden ({@code unknown_consumer}), or the
   *     timeout is out of bounds
   * @throws UnauthorizedException if the API token is wrong
   * @throws MutationServiceException for another error answer
   * @throws MutationIoException if no usable answer came back
   * @throws IllegalArgumentException if {@code consumerIds} is empty or names an empty id, or
   *     {@code timeout} is not positive
   * @throws IllegalStateException if the client is closed
   */
  public void await(ConsistencyToken token, Collection<String> consumerIds, Duration timeout) {
    awaitCall(token, consumerIds, timeout).execute();
  }

  /**
   * Returns {@link #await} without blocking; the future completes when the consumers reached the
   * token, and fails as {@code await} throws.
   */
  public CompletableFuture<Void> awaitAsync(
      ConsistencyToken token, Collection<String> consumerIds, Duration timeout) {
    return awaitCall(token, consumerIds, timeout).executeAsync(reached -> null);
  }

  /** Returns the client; never the token. */
  @Override
  public String toString() {
    return "Consumers{" + client + "}";
  }

  private RetryingCall<Boolean> awaitCall(
      ConsistencyToken token, Collection<String> consumerIds, Duration timeout) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(consumerIds, "consumerIds");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    List<String> ids = new ArrayList<>(new LinkedHashSet<>(consumerIds));
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("consumerIds must name at least one consumer");
    }
    ids.forEach(ApiCalls::checkId);
    byte[] body = WireCodec.standard().writeWaitRequest(new WaitRequest(token, ids, timeout));
    ClientOptions options = client.options();
    // The server holds the answer up to the timeout: each attempt's read waits that long more.
    Duration read = options.readTimeout().plus(timeout);
    return new RetryingCall<>(
        client,
        new ApiCallSpec<>(
            HttpRequests.api(client, ApiCalls.url(client, "v1/consumers/wait", null), body, read),
            options.totalTimeout(options.readTimeout()).plus(timeout),
            ApiCallSpec.Resend.SAFE,
            // Any 2xx means reached; the body (the consumers' ids) says nothing more.
            answer -> Boolean.TRUE,
            null,
            "; waiting again is harmless"));
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
