package io.mutationapi.kafka;

import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.ConsumerProgress;
import io.mutationapi.server.spi.ConsumerStatus;
import io.mutationapi.server.spi.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.admin.Admin;

/**
 * Runs consumers of the changes topic in this process, each as a member of its Kafka consumer
 * group, without a server or HTTP: the entry point of a worker process.
 *
 * <pre>{@code
 * KafkaConfig kafka = KafkaConfig.builder("kafka-1:9092").nodeId("worker-1").build();
 * KafkaConsumerRunner worker = KafkaConsumerRunner.builder(kafka)
 *     .consumer("local-db", jdbcTableConsumer, "salesforce:contact")
 *     .build();
 * worker.start();
 * // ... until the process stops:
 * worker.close();
 * }</pre>
 *
 * <p>Every consumer id is one consumer group; run the same consumer in several processes and Kafka
 * shares the partitions between them, moving them when a process comes or goes. A consumer sees the
 * events of its collections in order per partition, at least once; an offset is committed only
 * after its batch was processed, and then the progress is published to the progress topic, where
 * every server node reads it and wakes the requests awaiting the consumer. Server nodes register
 * the consumer too, as a {@link RemoteConsumer} with the same collections, so that they accept
 * awaits naming it.
 *
 * <p>Thread-safe. Each consumer has a poll thread and a thread that calls it.
 */
public final class KafkaConsumerRunner implements AutoCloseable {
  private final KafkaConfig config;
  private final List<Subscription> subscriptions;
  private final ConsumerProgress local;
  private final List<GroupRunner> groups = new ArrayList<>();
  // Read without the lock by status(); replaced once the members are started.
  private volatile Map<String, GroupRunner> byId = Map.of();
  private ScheduledExecutorService timer;
  private ProgressPublisher publisher;
  private boolean started;
  private boolean closed;

  private KafkaConsumerRunner(
      KafkaConfig config, List<Subscription> subscriptions, ConsumerProgress local) {
    this.config = config;
    this.subscriptions = List.copyOf(subscriptions);
    this.local = local;
  }

  /** Returns a builder of a runner on the cluster and topics of {@code config}. */
  public static Builder builder(KafkaConfig config) {
    return new Builder(config);
  }

  /** The runner of a server node: progress also goes straight to the node's own awaits. */
  static KafkaConsumerRunner inNode(
      KafkaConfig config, List<Subscription> subscriptions, ConsumerProgress progress) {
    return new KafkaConsumerRunner(config, subscriptions, progress);
  }

  /**
   * Checks (or creates) the topics and joins each consumer's group; returns once the members are
   * started, before partitions are assigned to them.
   *
   * @throws IllegalStateException if already started or closed, or if the topics are missing and
   *     may not be created, or the cluster cannot be reached within {@link
   *     KafkaConfig#startTimeout()}
   */
  public synchronized void start() {
    if (started || closed) {
      throw new IllegalStateException(closed ? "runner is closed" : "runner already started");
    }
    started = true;
    Admin admin = Admin.create(ClientSettings.admin(config));
    try {
      Topics.ensure(admin, config, StartDeadline.after(config.startTimeout()));
    } finally {
      // Nothing is left to wait for once the topics are checked; after a failure, a call still
      // pending would hold the close up to Kafka's default.api.timeout.ms.
      admin.close(Duration.ZERO);
    }
    startWithTopics();
  }

  /** Starts the members; the caller has checked the topics. */
  synchronized void startWithTopics() {
    started = true;
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mutation-kafka-retry-" + config.nodeId());
              t.setDaemon(true);
              return t;
            });
    publisher = new ProgressPublisher(config, local);
    Map<String, GroupRunner> started = new LinkedHashMap<>();
    for (Subscription subscription : subscriptions) {
      GroupRunner group = new GroupRunner(subscription, config, publisher, local, timer);
      groups.add(group);
      started.put(subscription.consumerId(), group);
      group.start();
    }
    byId = Map.copyOf(started);
  }

  /** Returns the ids of the consumers this runner runs. */
  public List<String> consumerIds() {
    return subscriptions.stream().map(Subscription::consumerId).toList();
  }

  /**
   * Returns how this process's member of consumer {@code consumerId}'s group is doing (see {@link
   * GroupRunner#status()}); {@link ConsumerStatus#UNKNOWN} if the consumer does not run here. Any
   * thread; never blocks.
   */
  ConsumerStatus status(String consumerId) {
    GroupRunner group = byId.get(consumerId);
    return group == null ? ConsumerStatus.UNKNOWN : group.status();
  }

  /**
   * Leaves the groups and stops; batches in progress are not committed, so the members that take
   * over their partitions process them again.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    groups.forEach(GroupRunner::close);
    if (publisher != null) {
      publisher.close();
    }
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "KafkaConsumerRunner{consumers=" + consumerIds() + ", config=" + config + "}";
  }

  /** Builds a {@link KafkaConsumerRunner}. Not thread-safe. */
  public static final class Builder {
    private final KafkaConfig config;
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();

    private Builder(KafkaConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Runs {@code consumer} as consumer {@code consumerId} of {@code collectionIds}: the same id
     * and collections the server nodes register it with.
     *
     * @throws IllegalArgumentException if the id is empty or already registered, or no collection
     *     is named
     */
    public Builder consumer(String consumerId, Consumer consumer, String... collectionIds) {
      return consumer(consumerId, consumer, Arrays.asList(collectionIds));
    }

    /** Runs {@code consumer}; see {@link #consumer(String, Consumer, String...)}. */
    public Builder consumer(
        String consumerId, Consumer consumer, Collection<String> collectionIds) {
      Subscription subscription = new Subscription(consumerId, Set.copyOf(collectionIds), consumer);
      if (consumer instanceof RemoteConsumer) {
        throw new IllegalArgumentException(
            "consumer '" + consumerId + "' is a RemoteConsumer: a runner needs the real consumer");
      }
      if (subscriptions.putIfAbsent(consumerId, subscription) != null) {
        throw new IllegalArgumentException("consumer '" + consumerId + "' registered twice");
      }
      return this;
    }

    /**
     * Returns the runner, not yet started.
     *
     * @throws IllegalStateException if no consumer is registered
     */
    public KafkaConsumerRunner build() {
      if (subscriptions.isEmpty()) {
        throw new IllegalStateException(
            "no consumer to run: call consumer(consumerId, consumer, collectionIds...)");
      }
      return new KafkaConsumerRunner(
          config,
          List.copyOf(subscriptions.values()),
          new ConsumerProgress() {
            @Override
            public void advanced(String consumerId, int partition, long nextOffset) {}
          });
    }
  }
}
