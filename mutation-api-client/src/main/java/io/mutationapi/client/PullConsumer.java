package io.mutationapi.client;

import io.mutationapi.client.ApiCallSpec.Resend;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import okhttp3.HttpUrl;

/**
 * An HTTP consumer of the server, pulled by this process: {@link #next} hands out messages, {@link
 * #ack} marks them processed, {@link #nack} gives them back. From {@link
 * MutationClient#consumers(String)}.
 *
 * <pre>{@code
 * PullConsumer worker = client.consumers("http-worker");
 * while (running) {
 *   MessageBatch batch = worker.next(100, Duration.ofSeconds(20)); // long poll
 *   for (ConsumerMessage m : batch.messages()) {
 *     apply(m.record());
 *   }
 *   worker.ack(batch);
 * }
 * }</pre>
 *
 * <p>Delivery is at least once: a message that is not acked within the consumer's ack wait (30
 * seconds by default, set on the server) is handed out again with a new token, so processing must
 * tolerate repeats. Requests awaiting this consumer complete when their records are acked. Any
 * number of workers may pull the same consumer; the server never hands one message to two of them
 * at once.
 *
 * <p>Retries: {@code ack} and {@code nack} are idempotent and retried like a mutation (failures
 * before an answer, 408, 429, 502, 503, 504). {@code next} is retried only when the server surely
 * handed nothing out (the connection was refused, or it answered 429 or 503): if an answer with
 * messages were lost, a retried {@code next} would get other messages while the lost ones stay
 * invisible until the ack wait passes. When it is not retried the exception says so ({@link
 * MutationIoException#isOutcomeUnknown()} is true). Errors are the client's usual exceptions:
 * {@link NotFoundException} for a consumer that does not exist, is not an HTTP consumer or that the
 * token may not pull, {@link UnauthorizedException}, {@link BadRequestException}, {@link
 * ServerException} for a 503 that outlived the retries (e.g. the server shutting down).
 *
 * <p>Thread-safe and immutable; workers may share one. The blocking methods block the calling
 * thread; the {@code ...Async} ones never do, and cancelling their future cancels the HTTP call.
 */
public final class PullConsumer {
  /** The most messages one {@code next} may ask for, and the most tokens one ack may carry. */
  public static final int MAX_BATCH = 1000;

  private static final String NEXT_UNKNOWN =
      "; messages may have been handed out to this call and lost with its answer: they stay"
          + " invisible to other workers until the consumer's ack wait passes, then are handed out"
          + " again";

  private final MutationClient client;
  private final String id;

  PullConsumer(MutationClient client, String id) {
    this.client = client;
    this.id = ApiCalls.checkId(id, "consumerId");
  }

  /** Returns the consumer's id. */
  public String id() {
    return id;
  }

  /**
   * Returns up to {@code batchSize} messages, waiting up to {@code waitFor} for the first one when
   * none is ready (a long poll); an empty batch when none came in time.
   *
   * <p>The call's deadline is the client's timeout plus {@code waitFor}, and each attempt's read
   * timeout the client's read timeout plus {@code waitFor}, so the client never cuts a long poll
   * short. {@code waitFor} is sent in whole milliseconds; the server refuses more than its {@code
   * maxAwaitTimeout} (5 minutes by default) with a {@link BadRequestException}.
   *
   * @throws IllegalArgumentException if {@code batchSize} is not 1 to {@value #MAX_BATCH}, or
   *     {@code waitFor} is negative
   * @throws NotFoundException if there is no such HTTP consumer for this token
   * @throws MutationServiceException for another error answer
   * @throws MutationIoException if no usable answer came back; {@link
   *     MutationIoException#isOutcomeUnknown()} says whether messages may have been handed out
   *     (they are then handed out again after the ack wait)
   * @throws IllegalStateException if the client is closed
   */
  public MessageBatch next(int batchSize, Duration waitFor) {
    return nextCall(batchSize, waitFor).execute();
  }

  /**
   * Returns the messages of {@link #next(int, Duration)} without blocking. The future fails with
   * the exceptions {@code next} throws (argument checks and a closed client are thrown at once).
   */
  public CompletableFuture<MessageBatch> nextAsync(int batchSize, Duration waitFor) {
    return nextCall(batchSize, waitFor).executeAsync(Function.identity());
  }

  /**
   * Acks these tokens: their messages are processed, are not handed out again, and requests
   * awaiting this consumer count them as applied. Acking a token twice is harmless. No tokens: no
   * call, and an empty result.
   *
   * @return how many tokens were acked, and which were rejected (unknown or expired) and why; the
   *     others were acked (see {@link AckResult} for why this is a result and not an exception)
   * @throws IllegalArgumentException if there are more than {@value #MAX_BATCH} tokens or one is
   *     null or empty; nothing is sent
   * @throws MutationServiceException for an error answer other than rejected tokens
   * @throws MutationIoException if no usable answer came back after the retries; sending the same
   *     tokens again is harmless
   * @throws IllegalStateException if the client is closed
   */
  public AckResult ack(Collection<String> ackTokens) {
    return send("ack", ackTokens);
  }

  /** Acks these tokens, as {@link #ack(Collection)} does. */
  public AckResult ack(String... ackTokens) {
    return ack(Arrays.asList(ackTokens));
  }

  /** Acks these messages, as {@link #ack(Collection)} does with their tokens. */
  public AckResult ack(ConsumerMessage... messages) {
    return ack(tokens(Arrays.asList(messages)));
  }

  /** Acks every message of {@code batch}, as {@link #ack(Collection)} does with their tokens. */
  public AckResult ack(MessageBatch batch) {
    return ack(batch.ackTokens());
  }

  /** Acks these tokens without blocking; the future fails as {@link #ack(Collection)} throws. */
  public CompletableFuture<AckResult> ackAsync(Collection<String> ackTokens) {
    return sendAsync("ack", ackTokens);
  }

  /** Acks every message of {@code batch} without blocking. */
  public CompletableFuture<AckResult> ackAsync(MessageBatch batch) {
    return ackAsync(batch.ackTokens());
  }

  /** Acks these messages without blocking. */
  public CompletableFuture<AckResult> ackAsync(ConsumerMessage... messages) {
    return ackAsync(tokens(Arrays.asList(messages)));
  }

  /**
   * Nacks these tokens: their messages are given back and handed out again at once, to any worker.
   * Nacking a token twice is harmless; the result and failures are those of {@link
   * #ack(Collection)}. When the client retried the call (an answer was lost), a token the first
   * attempt nacked may come back as {@link AckResult.Reason#EXPIRED}: its message was handed out
   * again in between.
   */
  public AckResult nack(Collection<String> ackTokens) {
    return send("nack", ackTokens);
  }

  /** Nacks these tokens, as {@link #nack(Collection)} does. */
  public AckResult nack(String... ackTokens) {
    return nack(Arrays.asList(ackTokens));
  }

  /** Nacks these messages, as {@link #nack(Collection)} does with their tokens. */
  public AckResult nack(ConsumerMessage... messages) {
    return nack(tokens(Arrays.asList(messages)));
  }

  /** Nacks every message of {@code batch}. */
  public AckResult nack(MessageBatch batch) {
    return nack(batch.ackTokens());
  }

  /** Nacks these tokens without blocking; the future fails as {@link #nack(Collection)} throws. */
  public CompletableFuture<AckResult> nackAsync(Collection<String> ackTokens) {
    return sendAsync("nack", ackTokens);
  }

  /** Nacks every message of {@code batch} without blocking. */
  public CompletableFuture<AckResult> nackAsync(MessageBatch batch) {
    return nackAsync(batch.ackTokens());
  }

  /** Nacks these messages without blocking. */
  public CompletableFuture<AckResult> nackAsync(ConsumerMessage... messages) {
    return nackAsync(tokens(Arrays.asList(messages)));
  }

  /** Returns the consumer's id and the client; never the token. */
  @Override
  public String toString() {
    return "PullConsumer{" + id + ", " + client + "}";
  }

  private RetryingCall<MessageBatch> nextCall(int batchSize, Duration waitFor) {
    if (batchSize < 1 || batchSize > MAX_BATCH) {
      throw new IllegalArgumentException("batchSize must be 1 to " + MAX_BATCH + ": " + batchSize);
    }
    Objects.requireNonNull(waitFor, "waitFor");
    if (waitFor.isNegative()) {
      throw new IllegalArgumentException("waitFor must not be negative: " + waitFor);
    }
    ClientOptions options = client.options();
    Duration read = options.readTimeout().plus(waitFor);
    Duration total = options.totalTimeout(options.readTimeout()).plus(waitFor);
    return new RetryingCall<>(
        client,
        new ApiCallSpec<>(
            HttpRequests.api(
                client, url("next"), ConsumeBodies.next(batchSize, waitFor.toMillis()), read),
            total,
            Resend.NOTHING_HANDED_OUT,
            ConsumeBodies::batch,
            null,
            NEXT_UNKNOWN));
  }

  private AckResult send(String action, Collection<String> ackTokens) {
    List<String> tokens = check(ackTokens);
    if (tokens.isEmpty()) {
      return new AckResult(0, List.of());
    }
    return ackCall(action, tokens).execute();
  }

  private CompletableFuture<AckResult> sendAsync(String action, Collection<String> ackTokens) {
    List<String> tokens = check(ackTokens);
    if (tokens.isEmpty()) {
      return CompletableFuture.completedFuture(new AckResult(0, List.of()));
    }
    return ackCall(action, tokens).executeAsync(Function.identity());
  }

  private RetryingCall<AckResult> ackCall(String action, List<String> tokens) {
    ClientOptions options = client.options();
    return new RetryingCall<>(
        client,
        new ApiCallSpec<>(
            HttpRequests.api(
                client, url(action), ConsumeBodies.ackTokens(tokens), options.readTimeout()),
            options.totalTimeout(options.readTimeout()),
            Resend.SAFE,
            body -> new AckResult(tokens.size(), List.of()),
            error -> ConsumeBodies.rejected(error, tokens),
            "; the server may have " + action + "ed the tokens: sending them again is harmless"));
  }

  private HttpUrl url(String action) {
    return client
        .apiUrl()
        .addPathSegments("v1/http-consumers")
        .addPathSegment(id)
        .addPathSegment(action)
        .build();
  }

  private static List<String> check(Collection<String> ackTokens) {
    Objects.requireNonNull(ackTokens, "ackTokens");
    if (ackTokens.size() > MAX_BATCH) {
      throw new IllegalArgumentException(
          "at most "
              + MAX_BATCH
              + " ack tokens per call: "
              + ackTokens.size()
              + "; send them in several calls");
    }
    int i = 0;
    for (String t : ackTokens) {
      if (t == null || t.isEmpty()) {
        throw new IllegalArgumentException(
            "ackTokens[" + i + "] must be a token, found " + (t == null ? "null" : "\"\""));
      }
      i++;
    }
    return List.copyOf(ackTokens);
  }

  private static List<String> tokens(List<ConsumerMessage> messages) {
    return messages.stream().map(m -> Objects.requireNonNull(m, "message").ackToken()).toList();
  }
}
