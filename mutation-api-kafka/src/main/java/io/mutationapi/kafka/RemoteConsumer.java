package io.mutationapi.kafka;

import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.Consumer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Stands, on a server node, for a consumer that runs in another process (a {@link
 * KafkaConsumerRunner} worker, or another node): register it on the server builder with the
 * consumer's id and collections, and requests on this node may await it; {@link KafkaChangeStream}
 * does not run it here but follows its progress on the progress topic.
 *
 * <pre>{@code
 * MutationServer.builder()
 *     .consumer("local-db", RemoteConsumer.create(), "salesforce:contact")
 *     .stream(KafkaChangeStream.create(kafka))
 * }</pre>
 *
 * <p>Immutable. Other streams would deliver to it: it refuses every batch.
 */
public final class RemoteConsumer implements Consumer {
  private RemoteConsumer() {}

  /** Returns a stand-in for a consumer that runs elsewhere. */
  public static RemoteConsumer create() {
    return new RemoteConsumer();
  }

  /** Fails: the consumer runs in another process, and only {@link KafkaChangeStream} knows it. */
  @Override
  public CompletionStage<Void> process(List<ChangeEvent> batch) {
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException(
            "a RemoteConsumer runs in another process; use it with KafkaChangeStream only"));
  }

  @Override
  public String toString() {
    return "RemoteConsumer";
  }

  /** Returns {@code "remote"}, this consumer's kind in the Management API. */
  @Override
  public String kind() {
    return "remote";
  }
}
