package io.mutationapi.kafka;

import io.mutationapi.await.Position;
import io.mutationapi.server.spi.ConsumerProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the progress topic from its start and hands every message about a known consumer to the
 * node's {@link ConsumerProgress}: first what the topic held when the node started (the caller
 * waits for that, see {@link #awaitCaughtUp}), then each new message as it arrives, on its own
 * thread. The Kafka client reconnects by itself and goes on from where it was; a reader that fails
 * anyway starts again from the beginning.
 */
final class ProgressTail implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProgressTail.class);

  private final KafkaConfig config;
  // Replaced, on the reading thread, when reading starts again after a failure.
  private volatile KafkaConsumer<String, byte[]> consumer;
  private final String topic;
  private final Set<String> consumerIds;
  private final ConsumerProgress progress;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;
  private volatile RuntimeException failure;

  ProgressTail(KafkaConfig config, Set<String> consumerIds, ConsumerProgress progress) {
    this.config = config;
    this.consumer = new KafkaConsumer<>(ClientSettings.progressReader(config));
    this.topic = config.progressTopic();
    this.consumerIds = Set.copyOf(consumerIds);
    this.progress = progress;
    this.thread = new Thread(this::run, "mutation-kafka-progress-" + config.nodeId());
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /**
   * Waits until every progress message published before the start has been handed on.
   *
   * @throws IllegalStateException if that is not done by {@code deadline}, or reading failed
   */
  void awaitCaughtUp(StartDeadline deadline) {
    try {
      if (!caughtUp.await(deadline.remainingMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            "could not read the progress topic '"
                + topic
                + "' on "
                + config.bootstrapServers()
                + " within the start timeout of "
                + config.startTimeout().toMillis()
                + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the progress topic", e);
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Follows the topic until closed. If reading fails once the node has started, it starts again
   * from the beginning after a pause (reading again is harmless: progress only moves forward);
   * meanwhile the committed offsets, read every {@link KafkaConfig#committedOffsetsInterval()},
   * still wake waiters.
   */
  private void run() {
    try {
      while (running) {
        try {
          follow();
        } catch (RuntimeException e) {
          if (!running) {
            return;
          }
          if (caughtUp.getCount() > 0) {
            failure = new IllegalStateException("reading the progress topic failed: " + e, e);
            return;
          }
          log.error("Reading the progress topic '{}' failed; reading it again in 1 s", topic, e);
          closeConsumer();
          Thread.sleep(1000);
          consumer = new KafkaConsumer<>(ClientSettings.progressReader(config));
        }
      }
    } catch (InterruptedException e) {
      // Closing.
    } finally {
      caughtUp.countDown();
      closeConsumer();
    }
  }

  private void follow() throws InterruptedException {
    try {
      List<TopicPartition> partitions = partitions();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (running) {
        boolean starting = caughtUp.getCount() > 0;
        if (starting && reached(end)) {
          caughtUp.countDown();
          starting = false;
        }
        // While starting, look at the positions often: a poll with nothing to read waits it out.
        Duration wait = starting ? Duration.ofMillis(20) : Duration.ofSeconds(1);
        for (ConsumerRecord<String, byte[]> message : consumer.poll(wait)) {
          hand(message);
        }
      }
    } catch (WakeupException e) {
      // Closing.
    }
  }

  private void closeConsumer() {
    try {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(1)));
    } catch (RuntimeException e) {
      log.debug("Closing the progress reader failed: {}", e.toString());
    }
  }

  /** The topic's partitions; a topic created a moment ago may take a while to be known. */
  private List<TopicPartition> partitions() throws InterruptedException {
    List<TopicPartition> partitions = new ArrayList<>();
    while (partitions.isEmpty() && running) {
      for (PartitionInfo info : consumer.partitionsFor(topic)) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      if (partitions.isEmpty()) {
        Thread.sleep(20);
      }
    }
    return partitions;
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void hand(ConsumerRecord<String, byte[]> message) {
    if (message.value() == null) {
      return;
    }
    ProgressUpdate update;
    try {
      update = ProgressUpdate.read(message.value());
    } catch (RuntimeException e) {
      log.warn(
          "Ignoring a message of the progress topic '{}' at {}-{} that is not progress: {}",
          topic,
          message.partition(),
          message.offset(),
          e.toString());
      return;
    }
    if (!consumerIds.contains(update.consumerId())) {
      return;
    }
    for (ProgressUpdate.Skip skip : update.notApplied()) {
      progress.notApplied(
          update.consumerId(), new Position(update.partition(), skip.offset()), skip.reason());
    }
    progress.advanced(update.consumerId(), update.partition(), update.nextOffset());
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
