package io.mutationapi.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the changes topic and the compacted progress topic exist: creates those missing, or
 * fails naming them and what they need when topics are managed by hand.
 */
final class Topics {
  private static final Logger log = LoggerFactory.getLogger(Topics.class);

  /** The pause before asking again about a topic just created. */
  private static final long RETRY_MILLIS = 50;

  private Topics() {}

  /**
   * Returns the partition count of the changes topic, after creating missing topics if {@link
   * KafkaConfig#createTopics()}; every call is bounded by what remains until {@code deadline}.
   *
   * @throws IllegalStateException naming the missing topics if they may not be created, or the
   *     cluster that could not be reached
   */
  static int ensure(Admin admin, KafkaConfig config, StartDeadline deadline) {
    try {
      Set<String> existing =
          admin
              .listTopics(new ListTopicsOptions().timeoutMs(deadline.remainingMillis()))
              .names()
              .get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
      List<NewTopic> missing = new ArrayList<>();
      if (!existing.contains(config.topic())) {
        missing.add(changes(config));
      }
      if (!existing.contains(config.progressTopic())) {
        missing.add(progress(config));
      }
      if (!missing.isEmpty() && !config.createTopics()) {
        throw new IllegalStateException(
            "Kafka topics missing on "
                + config.bootstrapServers()
                + ": "
                + describe(missing)
                + "; create them, or set KafkaConfig.Builder.createTopics(true)");
      }
      for (NewTopic topic : missing) {
        create(admin, topic, deadline);
      }
      return partitions(admin, config.topic(), !missing.isEmpty(), deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking the Kafka topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "could not check the Kafka topics on "
              + config.bootstrapServers()
              + " within "
              + config.startTimeout().toMillis()
              + " ms: "
              + (e.getCause() != null ? e.getCause() : e),
          e);
    }
  }

  /**
   * Returns the partition count of {@code topic}. Right after a create, the broker that answers may
   * not know the topic yet (its metadata is still on its way from the controller): then it asks
   * again, until the deadline.
   */
  private static int partitions(Admin admin, String topic, boolean created, StartDeadline deadline)
      throws InterruptedException, ExecutionException, TimeoutException {
    while (true) {
      try {
        return admin
            .describeTopics(
                List.of(topic), new DescribeTopicsOptions().timeoutMs(deadline.remainingMillis()))
            .allTopicNames()
            .get(deadline.remainingMillis(), TimeUnit.MILLISECONDS)
            .get(topic)
            .partitions()
            .size();
      } catch (ExecutionException e) {
        if (!created
            || !(e.getCause() instanceof UnknownTopicOrPartitionException)
            || deadline.passed()) {
          throw e;
        }
        log.debug("Topic {} created but not known yet; asking again", topic);
        Thread.sleep(Math.min(RETRY_MILLIS, deadline.remainingMillis()));
      }
    }
  }

  private static void create(Admin admin, NewTopic topic, StartDeadline deadline)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      admin
          .createTopics(
              List.of(topic), new CreateTopicsOptions().timeoutMs(deadline.remainingMillis()))
          .all()
          .get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
      log.info("Created Kafka topic {}", describe(List.of(topic)));
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
      // Another node created it meanwhile.
    }
  }

  private static NewTopic changes(KafkaConfig config) {
    Map<String, String> configs = new HashMap<>(common(config));
    configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(config.retention().toMillis()));
    configs.put(
        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(ClientSettings.MAX_RECORD_BYTES));
    return new NewTopic(
            config.topic(), Optional.of(config.partitions()), config.replicationFactor())
        .configs(configs);
  }

  private static NewTopic progress(KafkaConfig config) {
    Map<String, String> configs = new HashMap<>(common(config));
    // One message per (consumer, partition) is all a starting node needs.
    configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    return new NewTopic(config.progressTopic(), Optional.of(1), config.replicationFactor())
        .configs(configs);
  }

  private static Map<String, String> common(KafkaConfig config) {
    return config
        .minInSyncReplicas()
        .map(n -> Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(n)))
        .orElse(Map.of());
  }

  private static String describe(List<NewTopic> topics) {
    List<String> parts = new ArrayList<>();
    for (NewTopic topic : topics) {
      parts.add(
          "'"
              + topic.name()
              + "' (partitions="
              + topic.numPartitions()
              + ", replication="
              + (topic.replicationFactor() < 0 ? "broker default" : topic.replicationFactor())
              + ", configs="
              + topic.configs()
              + ")");
    }
    return String.join(", ", parts);
  }
}
