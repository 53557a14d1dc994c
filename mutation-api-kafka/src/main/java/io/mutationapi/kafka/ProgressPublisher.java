package io.mutationapi.kafka;

import io.mutationapi.await.Position;
import io.mutationapi.server.spi.ConsumerProgress;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a consumer's committed progress: to the progress topic, which every server node tails,
 * and, on a server node, straight to its own {@link ConsumerProgress}, so that a waiter on the node
 * that runs the consumer wakes without the round trip through Kafka.
 *
 * <p>Thread-safe. A progress message that cannot be sent is logged; the next commit of the same
 * consumer and partition carries the watermark again.
 */
final class ProgressPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProgressPublisher.class);

  private final Producer<String, byte[]> producer;
  private final String topic;
  private final ConsumerProgress local;

  /**
   * @param local this node's progress, or a {@link ConsumerProgress} that does nothing on a worker
   */
  ProgressPublisher(KafkaConfig config, ConsumerProgress local) {
    this.producer = new KafkaProducer<>(ClientSettings.producer(config, "progress"));
    this.topic = config.progressTopic();
    this.local = local;
  }

  /** Reports {@code update}, which was committed. */
  void committed(ProgressUpdate update) {
    for (ProgressUpdate.Skip skip : update.notApplied()) {
      local.notApplied(
          update.consumerId(), new Position(update.partition(), skip.offset()), skip.reason());
    }
    local.advanced(update.consumerId(), update.partition(), update.nextOffset());
    producer.send(
        new ProducerRecord<>(topic, update.key(), update.value()),
        (metadata, error) -> {
          if (error != null) {
            log.warn(
                "Could not publish the progress of consumer '{}' on partition {} to {}: {}",
                update.consumerId(),
                update.partition(),
                topic,
                error.toString());
          }
        });
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
