package io.mutationapi.kafka;

import io.mutationapi.server.spi.ConsumerProgress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the consumer groups' committed offsets into a node's {@link ConsumerProgress}: once when
 * the node starts, and then every {@link KafkaConfig#committedOffsetsInterval()}, a safety net for
 * a progress message that was lost on its way (its producer gave up while the cluster was away),
 * which would otherwise leave waiters on other nodes to time out. Awaits are woken by the progress
 * topic; this only catches up what it missed.
 *
 * <p>Thread-safe; owns its admin client and one daemon thread.
 */
final class CommittedOffsets implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CommittedOffsets.class);

  private final KafkaConfig config;
  private final Admin admin;
  private final List<String> consumerIds;
  private final ConsumerProgress progress;
  private final ScheduledExecutorService timer;

  CommittedOffsets(
      KafkaConfig config, Admin admin, Set<String> consumerIds, ConsumerProgress progress) {
    this.config = config;
    this.admin = admin;
    this.consumerIds = List.copyOf(consumerIds);
    this.progress = progress;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mutation-kafka-offsets-" + config.nodeId());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Reads every group's committed offsets now.
   *
   * @throws IllegalStateException if they cannot be read by {@code deadline}
   */
  void read(StartDeadline deadline) {
    for (String id : consumerIds) {
      Map<TopicPartition, OffsetAndMetadata> offsets;
      try {
        offsets =
            admin
                .listConsumerGroupOffsets(
                    config.groupId(id),
                    new ListConsumerGroupOffsetsOptions().timeoutMs(deadline.remainingMillis()))
                .partitionsToOffsetAndMetadata()
                .get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading committed offsets", e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException(
            "could not read the committed offsets of group '"
                + config.groupId(id)
                + "' on "
                + config.bootstrapServers()
                + ": "
                + e,
            e);
      }
      offsets.forEach(
          (tp, committed) -> {
            if (committed != null && tp.topic().equals(config.topic())) {
              progress.advanced(id, tp.partition(), committed.offset());
            }
          });
    }
  }

  /** Reads them again every interval, from now on. */
  void repeat() {
    long millis = config.committedOffsetsInterval().toMillis();
    timer.scheduleWithFixedDelay(this::readQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  private void readQuietly() {
    try {
      read(StartDeadline.after(config.startTimeout()));
    } catch (RuntimeException e) {
      log.debug("Could not read committed offsets; trying again later: {}", e.toString());
    }
  }

  /**
   * Stops reading and closes the admin client at once: a read still waiting for the cluster is
   * abandoned rather than waited for (Kafka would wait up to its {@code default.api.timeout.ms}).
   */
  @Override
  public void close() {
    timer.shutdownNow();
    admin.close(Duration.ZERO);
  }
}
