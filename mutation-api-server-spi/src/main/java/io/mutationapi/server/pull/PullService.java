package io.mutationapi.server.pull;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.server.spi.AckOutcome;
import io.mutationapi.server.spi.ConsumeService;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.PullOutcome;
import io.mutationapi.server.spi.PullRequest;
import io.mutationapi.server.spi.Subscription;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The server's {@link ConsumeService}: finds the HTTP consumer a worker names, checks that the
 * worker's principal may use it and that the arguments are in range, and lets the {@link
 * HttpConsumer} do the rest.
 *
 * <p>A principal may use a consumer only if {@link ConsumerAccess} says so; for others the consumer
 * does not exist ({@code 404 not_found "Unknown consumer 'x'"}). A consumer the principal may use
 * that is not an HTTP consumer is {@code 404} too, saying so.
 *
 * <p>An ack with a token whose ack wait has passed is accepted as long as the message was not
 * handed out again; acking a token twice is harmless. Thread-safe.
 */
public final class PullService implements ConsumeService, AutoCloseable {
  /** The most tokens one ack or nack may carry. */
  public static final int MAX_ACK_TOKENS = 1000;

  private final Map<String, Subscription> consumers;
  private final ConsumerAccess access;
  private final Duration maxWait;

  /**
   * Returns the service of the HTTP consumers among {@code consumers}, and {@link
   * HttpConsumer#start starts} them on {@code timer}.
   *
   * @param consumers every registered consumer, by id
   * @param access which principals may use which consumers
   * @param maxWait the longest {@code wait_for} a pull may ask for
   * @param timer schedules long polls and ack waits; the caller owns it
   */
  public PullService(
      Map<String, Subscription> consumers,
      ConsumerAccess access,
      Duration maxWait,
      ScheduledExecutorService timer) {
    this.consumers = new LinkedHashMap<>(consumers);
    this.access = Objects.requireNonNull(access, "access");
    this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
    for (Subscription subscription : this.consumers.values()) {
      if (subscription.consumer() instanceof HttpConsumer http) {
        http.start(timer);
      }
    }
  }

  /**
   * Returns true if {@code principal} may see and use consumer {@code consumerId}; see {@link
   * ConsumerAccess}. False for an unknown id.
   */
  public boolean mayUse(String consumerId, Principal principal) {
    return consumers.containsKey(consumerId) && access.mayUse(consumerId, principal);
  }

  /**
   * Returns the HTTP consumer {@code consumerId}, for the management endpoints (its settings and
   * counts); empty for an unknown id or a consumer of another kind. Checks no access: see {@link
   * #mayUse}.
   */
  public Optional<HttpConsumer> httpConsumer(String consumerId) {
    Subscription subscription = consumers.get(consumerId);
    return subscription != null && subscription.consumer() instanceof HttpConsumer http
        ? Optional.of(http)
        : Optional.empty();
  }

  @Override
  public CompletionStage<PullOutcome> next(
      String consumerId, PullRequest request, Principal principal) {
    Objects.requireNonNull(request, "request");
    Object found = find(consumerId, principal);
    if (found instanceof MutationError error) {
      return CompletableFuture.completedFuture(new PullOutcome.Refused(error));
    }
    if (request.waitFor().compareTo(maxWait) > 0) {
      return CompletableFuture.completedFuture(
          new PullOutcome.Refused(
              MutationError.of(
                  ErrorCode.VALIDATION_ERROR,
                  "wait_for must be 0 to "
                      + maxWait.toMillis()
                      + " ms (the server's maxAwaitTimeout), got "
                      + request.waitFor().toMillis())));
    }
    return ((HttpConsumer) found).pull(principal.name(), request.batchSize(), request.waitFor());
  }

  @Override
  public AckOutcome ack(String consumerId, List<String> ackTokens, Principal principal) {
    return settle(consumerId, ackTokens, principal, true);
  }

  @Override
  public AckOutcome nack(String consumerId, List<String> ackTokens, Principal principal) {
    return settle(consumerId, ackTokens, principal, false);
  }

  /** Answers every waiting pull {@code 503}; later calls are refused {@code 503}. */
  @Override
  public void close() {
    for (Subscription subscription : consumers.values()) {
      if (subscription.consumer() instanceof HttpConsumer http) {
        http.close();
      }
    }
  }

  private AckOutcome settle(
      String consumerId, List<String> ackTokens, Principal principal, boolean ack) {
    Object found = find(consumerId, principal);
    if (found instanceof MutationError error) {
      return new AckOutcome.Refused(error);
    }
    MutationError invalid = checkTokens(ackTokens);
    if (invalid != null) {
      return new AckOutcome.Refused(invalid);
    }
    HttpConsumer http = (HttpConsumer) found;
    return ack ? http.ack(ackTokens, principal.name()) : http.nack(ackTokens, principal.name());
  }

  /** Returns the HTTP consumer {@code consumerId}, or the 404 to answer. */
  private Object find(String consumerId, Principal principal) {
    Objects.requireNonNull(principal, "principal");
    if (consumerId == null || !mayUse(consumerId, principal)) {
      return NotFound.consumer(String.valueOf(consumerId));
    }
    Consumer consumer = consumers.get(consumerId).consumer();
    if (!(consumer instanceof HttpConsumer http)) {
      return NotFound.notHttpConsumer(consumerId, consumer.kind());
    }
    return http;
  }

  private static MutationError checkTokens(List<String> ackTokens) {
    if (ackTokens == null || ackTokens.isEmpty() || ackTokens.size() > MAX_ACK_TOKENS) {
      return MutationError.of(
          ErrorCode.VALIDATION_ERROR,
          "ack_tokens must hold 1 to "
              + MAX_ACK_TOKENS
              + " tokens, got "
              + (ackTokens == null ? 0 : ackTokens.size()));
    }
    for (int i = 0; i < ackTokens.size(); i++) {
      String token = ackTokens.get(i);
      if (token == null || token.isEmpty()) {
        return MutationError.of(
            ErrorCode.VALIDATION_ERROR, "ack_tokens[" + i + "] must be a non-empty string");
      }
    }
    return null;
  }
}
