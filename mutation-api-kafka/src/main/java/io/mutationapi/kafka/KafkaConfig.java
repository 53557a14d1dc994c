package io.mutationapi.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the Kafka cluster and the topics are, and how the topics are made: shared by every server
 * node ({@link KafkaChangeStream}) and worker ({@link KafkaConsumerRunner}) of one service, which
 * must agree on it.
 *
 * <p>The defaults of the Kafka clients themselves (acknowledgements, latency, timeouts) are chosen
 * for this use and documented in one place, on {@link Builder#clientProperty}; set a property there
 * to override any of them.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows no client property values, since they may
 * hold credentials.
 */
public final class KafkaConfig {
  private final String bootstrapServers;
  private final String topic;
  private final String progressTopic;
  private final String groupIdPrefix;
  private final String nodeId;
  private final int partitions;
  private final Optional<Short> replicationFactor;
  private final Optional<Integer> minInSyncReplicas;
  private final Duration retention;
  private final boolean createTopics;
  private final Map<String, String> clientProperties;
  private final Map<String, String> producerProperties;
  private final Map<String, String> consumerProperties;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration startTimeout;
  private final Duration committedOffsetsInterval;

  private KafkaConfig(Builder b) {
    this.bootstrapServers = b.bootstrapServers;
    this.topic = b.topic;
    this.progressTopic = b.progressTopic;
    this.groupIdPrefix = b.groupIdPrefix;
    this.nodeId = b.nodeId;
    this.partitions = b.partitions;
    this.replicationFactor = b.replicationFactor;
    this.minInSyncReplicas = b.minInSyncReplicas;
    this.retention = b.retention;
    this.createTopics = b.createTopics;
    this.clientProperties = Map.copyOf(b.clientProperties);
    this.producerProperties = Map.copyOf(b.producerProperties);
    this.consumerProperties = Map.copyOf(b.consumerProperties);
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.startTimeout = b.startTimeout;
    this.committedOffsetsInterval = b.committedOffsetsInterval;
  }

  /**
   * Returns a builder for the cluster at {@code bootstrapServers}, e.g. {@code "127.0.0.1:9092"}.
   *
   * @throws IllegalArgumentException if {@code bootstrapServers} is null or blank
   */
  public static Builder builder(String bootstrapServers) {
    return new Builder(bootstrapServers);
  }

  /** Returns the cluster's bootstrap servers. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Returns the topic of the changes; the default is {@code mutation-api-changes}. */
  public String topic() {
    return topic;
  }

  /**
   * Returns the compacted topic of consumer progress; the default is {@code mutation-api-progress}.
   */
  public String progressTopic() {
    return progressTopic;
  }

  /** Returns the consumer group id of {@code consumerId}: the group id prefix, then the id. */
  public String groupId(String consumerId) {
    return groupIdPrefix + consumerId;
  }

  /** Returns the name of this node in client ids and logs; the default is {@code mutation-api}. */
  public String nodeId() {
    return nodeId;
  }

  /** Returns the partitions of the changes topic when it is created; the default is 16. */
  public int partitions() {
    return partitions;
  }

  /** Returns the replication factor of created topics; empty means the broker's default. */
  public Optional<Short> replicationFactor() {
    return replicationFactor;
  }

  /** Returns {@code min.insync.replicas} of created topics; empty means the broker's default. */
  public Optional<Integer> minInSyncReplicas() {
    return minInSyncReplicas;
  }

  /** Returns how long the changes topic keeps records when it is created; the default is 7 days. */
  public Duration retention() {
    return retention;
  }

  /** Returns true if missing topics are created on start (the default). */
  public boolean createTopics() {
    return createTopics;
  }

  /** Returns the properties set for every client; see {@link Builder#clientProperty}. */
  public Map<String, String> clientProperties() {
    return clientProperties;
  }

  /** Returns the properties set for the producers; see {@link Builder#producerProperty}. */
  public Map<String, String> producerProperties() {
    return producerProperties;
  }

  /** Returns the properties set for the consumers; see {@link Builder#consumerProperty}. */
  public Map<String, String> consumerProperties() {
    return consumerProperties;
  }

  /** Returns the first wait before a failed batch is retried; the default is 100 ms. */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** Returns the longest wait between retries of a failing batch; the default is 10 s. */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * Returns how long starting may take (topics, catching up with progress); the default is 30 s.
   */
  public Duration startTimeout() {
    return startTimeout;
  }

  /**
   * Returns how often a server node also reads the groups' committed offsets; the default is 10 s.
   */
  public Duration committedOffsetsInterval() {
    return committedOffsetsInterval;
  }

  @Override
  public String toString() {
    return "KafkaConfig{bootstrapServers="
        + bootstrapServers
        + ", topic="
        + topic
        + ", progressTopic="
        + progressTopic
        + ", groupIdPrefix="
        + groupIdPrefix
        + ", nodeId="
        + nodeId
        + ", clientProperties="
        + clientProperties.keySet()
        + ", producerProperties="
        + producerProperties.keySet()
        + ", consumerProperties="
        + consumerProperties.keySet()
        + "}";
  }

  /** Builds a {@link KafkaConfig}. Not thread-safe. */
  public static final class Builder {
    private final String bootstrapServers;
    private String topic = "mutation-api-changes";
    private String progressTopic = "mutation-api-progress";
    private String groupIdPrefix = "mutation-api-";
    private String nodeId = "mutation-api";
    private int partitions = 16;
    private Optional<Short> replicationFactor = Optional.empty();
    private Optional<Integer> minInSyncReplicas = Optional.empty();
    private Duration retention = Duration.ofDays(7);
    private boolean createTopics = true;
    private final Map<String, String> clientProperties = new LinkedHashMap<>();
    private final Map<String, String> producerProperties = new LinkedHashMap<>();
    private final Map<String, String> consumerProperties = new LinkedHashMap<>();
    private Duration initialBackoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(10);
    private Duration startTimeout = Duration.ofSeconds(30);
    private Duration committedOffsetsInterval = Duration.ofSeconds(10);

    private Builder(String bootstrapServers) {
      if (bootstrapServers == null || bootstrapServers.isBlank()) {
        throw new IllegalArgumentException("bootstrapServers must not be null or blank");
      }
      this.bootstrapServers = bootstrapServers;
    }

    /** Sets the topic of the changes; the default is {@code mutation-api-changes}. */
    public Builder topic(String topic) {
      this.topic = requireName(topic, "topic");
      return this;
    }

    /**
     * Sets the compacted topic of consumer progress; the default is {@code mutation-api-progress}.
     */
    public Builder progressTopic(String progressTopic) {
      this.progressTopic = requireName(progressTopic, "progressTopic");
      return this;
    }

    /**
     * Sets what consumer group ids start with (the consumer id follows); the default is {@code
     * mutation-api-}. Two services on one cluster need different prefixes or topics.
     */
    public Builder groupIdPrefix(String groupIdPrefix) {
      this.groupIdPrefix = Objects.requireNonNull(groupIdPrefix, "groupIdPrefix");
      return this;
    }

    /**
     * Sets the name of this node in Kafka client ids and logs; the default is {@code mutation-api}.
     */
    public Builder nodeId(String nodeId) {
      this.nodeId = requireName(nodeId, "nodeId");
      return this;
    }

    /**
     * Sets the partitions of the changes topic, used when it is created; the default is 16. It
     * bounds how many members of one consumer group work at once.
     */
    public Builder partitions(int partitions) {
      if (partitions < 1) {
        throw new IllegalArgumentException("partitions must be positive: " + partitions);
      }
      this.partitions = partitions;
      return this;
    }

    /**
     * Sets the replication factor of the topics this creates; the default is the broker's ({@code
     * default.replication.factor}). Use 3 in production.
     */
    public Builder replicationFactor(int replicationFactor) {
      if (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE) {
        throw new IllegalArgumentException(
            "replicationFactor must be positive: " + replicationFactor);
      }
      this.replicationFactor = Optional.of((short) replicationFactor);
      return this;
    }

    /**
     * Sets {@code min.insync.replicas} of the topics this creates; the default is the broker's.
     * With {@code acks=all}, a publish is acknowledged once this many replicas have it; use 2 with
     * 3 replicas.
     */
    public Builder minInSyncReplicas(int minInSyncReplicas) {
      if (minInSyncReplicas < 1) {
        throw new IllegalArgumentException(
            "minInSyncReplicas must be positive: " + minInSyncReplicas);
      }
      this.minInSyncReplicas = Optional.of(minInSyncReplicas);
      return this;
    }

    /**
     * Sets how long the changes topic keeps records, used when it is created; the default is 7
     * days. A consumer that is down for longer misses the changes that were deleted.
     */
    public Builder retention(Duration retention) {
      if (retention.isNegative() || retention.isZero()) {
        throw new IllegalArgumentException("retention must be positive: " + retention);
      }
      this.retention = retention;
      return this;
    }

    /**
     * Sets whether missing topics are created on start (the default) or reported as an error that
     * names them and what they need, for clusters whose topics are managed by hand.
     */
    public Builder createTopics(boolean createTopics) {
      this.createTopics = createTopics;
      return this;
    }

    /**
     * Sets a property of every Kafka client (producers, consumers, admin), e.g. {@code
     * security.protocol} or {@code sasl.jaas.config}. It overrides this library's defaults, which
     * are:
     *
     * <ul>
     *   <li>Changes producer: {@code acks=all} and {@code enable.idempotence=true} (a publish is
     *       acknowledged only once every in-sync replica has it, and retries never duplicate or
     *       reorder); {@code linger.ms=0} (a request waits for its publish; nothing gains from
     *       waiting for a fuller batch, and batches still form under load while requests are in
     *       flight); {@code request.timeout.ms=10000} and {@code delivery.timeout.ms=15000}, so a
     *       publish to an unreachable cluster fails (503) before the client's own 30 s timeout;
     *       {@code max.block.ms=10000}, the longest a publish waits for metadata; {@code
     *       max.request.size} 16 MiB, so that any record a request may carry is published (the
     *       changes topic is created with {@code max.message.bytes} the same; set it on topics
     *       managed by hand, or large records are answered 503).
     *   <li>Progress producer: the same, so that a waiter is woken the moment its consumer commits.
     *   <li>Group consumers: {@code enable.auto.commit=false} (offsets are committed only after the
     *       consumer processed the batch); {@code auto.offset.reset=earliest} (a new consumer reads
     *       every retained change), or {@code latest} for a subscription that starts at the end
     *       ({@code Subscription.Start.LATEST}, e.g. an HTTP consumer with deliver policy {@code
     *       new}: until its group commits a first offset, a partition that changes owner starts at
     *       its end again); {@code fetch.max.wait.ms=100}: the broker answers a fetch as soon as a
     *       change arrives, whatever this is, but a partition newly assigned (or resumed after its
     *       queue of 2,000 records drained) waits for the fetch in flight, which the broker holds
     *       up to this long while the others are idle (500 ms by default); lower costs an idle
     *       fetch per member that often; {@code
     *       partition.assignment.strategy=CooperativeStickyAssignor}, so a rebalance moves only the
     *       partitions that change owner; {@code session.timeout.ms=10000}, so the partitions of a
     *       member that died move within 10 s (the broker's {@code group.min.session.timeout.ms} is
     *       the floor); {@code heartbeat.interval.ms=1000}, so that members learn of a rebalance (a
     *       member joining or leaving) within a second rather than three.
     *   <li>Progress reader: {@code fetch.max.wait.ms=100}, the same; it reads every partition from
     *       the start, with no group.
     * </ul>
     */
    public Builder clientProperty(String name, String value) {
      clientProperties.put(requireName(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Sets a property of the producers only; it overrides {@link #clientProperty} and defaults. */
    public Builder producerProperty(String name, String value) {
      producerProperties.put(requireName(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Sets a property of the consumers only; it overrides {@link #clientProperty} and defaults. */
    public Builder consumerProperty(String name, String value) {
      consumerProperties.put(requireName(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets the wait before a failed batch is retried, doubling per failure up to {@code max}; the
     * defaults are 100 ms and 10 s.
     */
    public Builder retryBackoff(Duration initial, Duration max) {
      if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException(
            "backoff must be positive and max at least initial: " + initial + ", " + max);
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /**
     * Sets how long starting may take: checking or creating the topics and reading the progress so
     * far; the default is 30 s. It bounds the start as a whole, whatever Kafka's own {@code
     * default.api.timeout.ms}: a cluster that cannot be reached fails the start about this long
     * after it began, with nothing left running.
     */
    public Builder startTimeout(Duration startTimeout) {
      if (startTimeout.isNegative() || startTimeout.isZero()) {
        throw new IllegalArgumentException("startTimeout must be positive: " + startTimeout);
      }
      this.startTimeout = startTimeout;
      return this;
    }

    /**
     * Sets how often a server node also reads the consumer groups' committed offsets; the default
     * is 10 s. Waiters are woken by the progress topic as soon as a consumer commits; this is the
     * safety net for a progress message lost while the cluster was away, whose waiters would
     * otherwise time out.
     */
    public Builder committedOffsetsInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("interval must be positive: " + interval);
      }
      this.committedOffsetsInterval = interval;
      return this;
    }

    /**
     * Returns the configuration.
     *
     * @throws IllegalStateException if the changes and progress topics are the same
     */
    public KafkaConfig build() {
      if (topic.toLowerCase(Locale.ROOT).equals(progressTopic.toLowerCase(Locale.ROOT))) {
        throw new IllegalStateException(
            "topic and progressTopic must differ, both are '" + topic + "'");
      }
      return new KafkaConfig(this);
    }

    private static String requireName(String value, String name) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be null or blank");
      }
      return value;
    }
  }
}
