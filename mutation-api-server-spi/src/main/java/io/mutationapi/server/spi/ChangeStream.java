package io.mutationapi.server.spi;

import io.mutationapi.Record;
import io.mutationapi.await.Position;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Carries changed records from the server to consumers and reports how far each consumer has got.
 *
 * <p>The server calls {@link #start} once, before the first {@link #publish}, with every registered
 * consumer. A stream keeps the records of one upstream record in one partition, so each record's
 * versions are delivered in order; it delivers to each consumer only the collections it consumes,
 * and advances the consumer's progress past the others, so a request waiting for a consumer never
 * waits for events that consumer will never see.
 *
 * <p>The in-memory default is {@code io.mutationapi.server.InMemoryStream}; other implementations
 * (e.g. on Kafka) live in their own modules.
 */
public interface ChangeStream extends AutoCloseable {

  /**
   * Starts delivering to {@code subscriptions} and reporting their progress to {@code progress}.
   *
   * @throws IllegalStateException if already started
   */
  void start(List<Subscription> subscriptions, ConsumerProgress progress);

  /**
   * Appends {@code records} and returns their positions, one per record, in order. The stage
   * completes when the records are durable on the stream; it fails only if they could not be
   * published.
   */
  CompletionStage<List<Position>> publish(List<Record> records);

  /**
   * Returns true if the stream holds as much as it may and new mutations should be refused (503)
   * until consumers catch up. The server asks before it calls the upstream, so a mutation is never
   * applied upstream and then not published. The default is false.
   */
  default boolean isFull() {
    return false;
  }

  /**
   * Returns how consumer {@code consumerId} is doing on this stream: its lag, its consecutive
   * failures and its last error (a message without record data), for the Management API. Called
   * from any thread, at any time after {@link #start}; must not block. The default is {@link
   * ConsumerStatus#UNKNOWN}.
   */
  default ConsumerStatus status(String consumerId) {
    return ConsumerStatus.UNKNOWN;
  }

  /** Stops delivering. The default does nothing. */
  @Override
  default void close() {}
}
