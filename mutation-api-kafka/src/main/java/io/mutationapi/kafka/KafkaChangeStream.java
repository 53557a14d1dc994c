package io.mutationapi.kafka;

import io.mutationapi.Record;
import io.mutationapi.await.Position;
import io.mutationapi.server.spi.ChangeStream;
import io.mutationapi.server.spi.ConsumerProgress;
import io.mutationapi.server.spi.ConsumerStatus;
import io.mutationapi.server.spi.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChangeStream} on Kafka, for one node of a service of many: changes are durable once
 * {@link #publish} completes, consumers run as Kafka consumer groups (here or in {@link
 * KafkaConsumerRunner} workers), and a request on any node may await any consumer.
 *
 * <pre>{@code
 * KafkaConfig kafka = KafkaConfig.builder("kafka-1:9092,kafka-2:9092").nodeId("node-a").build();
 * MutationServer server = MutationServer.builder()
 *     .sync("my-sync-id", upstream, "salesforce:contact")
 *     .consumer("local-db", jdbcTableConsumer, "salesforce:contact")         // runs on this node
 *     .consumer("search", RemoteConsumer.create(), "salesforce:contact")     // runs in a worker
 *     .stream(KafkaChangeStream.create(kafka))
 *     ...
 *     .build();
 * }</pre>
 *
 * <p><b>Publishing.</b> Each record goes to the changes topic, keyed by {@code
 * sync/collection/upstream_id} so that its versions stay in order in one partition, from an
 * idempotent producer with {@code acks=all}; its {@link Position} is the partition and offset Kafka
 * gave it. The stage completes once Kafka acknowledged every record, and fails if any could not be
 * written (the server then answers 503 and reports nothing as done).
 *
 * <p><b>Consumers.</b> Every registered consumer that is not a {@link RemoteConsumer} runs on this
 * node as a member of its group (group id: {@link KafkaConfig#groupId}); see {@link
 * KafkaConsumerRunner} for the guarantees. A {@link RemoteConsumer} runs elsewhere. Register every
 * consumer on every node, with the same id and collections everywhere: a consumer that runs on
 * several nodes is one group of several members, each processing some partitions, so whatever it
 * writes to must be shared by them (e.g. one database).
 *
 * <p><b>Awaits.</b> After every commit a consumer's member publishes its progress to the compacted
 * progress topic; this stream reads that topic and reports to the server, so a request waiting here
 * wakes as soon as the consumer commits, wherever it runs. {@link #start} first reads the groups'
 * committed offsets and the progress topic, so a node that starts late never waits for a change
 * already processed.
 *
 * <p>{@link #isFull()} is true only while the cluster does not take publishes, so that the server
 * refuses mutations before applying them upstream. Thread-safe.
 */
public final class KafkaChangeStream implements ChangeStream {
  private static final Logger log = LoggerFactory.getLogger(KafkaChangeStream.class);

  private static final long PROBE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final KafkaConfig config;
  private final PublishHealth health =
      new PublishHealth(this::probe, System::nanoTime, PROBE_INTERVAL_NANOS);
  private volatile Producer<String, byte[]> producer;
  private CommittedOffsets offsets;
  private ProgressTail tail;
  // Set once in start; read without the lock by status().
  private volatile KafkaConsumerRunner runner;
  private boolean started;
  private volatile boolean closed;

  private KafkaChangeStream(KafkaConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Returns a stream on the cluster and topics of {@code config}; it connects in {@link #start}.
   */
  public static KafkaChangeStream create(KafkaConfig config) {
    return new KafkaChangeStream(config);
  }

  /** Returns the configuration. */
  public KafkaConfig config() {
    return config;
  }

  /**
   * Checks (or creates) the topics, reads the consumers' progress so far (committed offsets, then
   * the progress topic), and starts the consumers that run here; the server calls it in {@code
   * build()}.
   *
   * @throws IllegalStateException if already started, if the topics are missing and may not be
   *     created, or if the cluster cannot be reached within {@link KafkaConfig#startTimeout()}
   */
  @Override
  public synchronized void start(List<Subscription> subscriptions, ConsumerProgress progress) {
    if (started || closed) {
      throw new IllegalStateException(closed ? "stream is closed" : "stream already started");
    }
    started = true;
    Objects.requireNonNull(progress, "progress");
    Set<String> ids = new LinkedHashSet<>();
    List<Subscription> here = new ArrayList<>();
    for (Subscription subscription : subscriptions) {
      ids.add(subscription.consumerId());
      if (!(subscription.consumer() instanceof RemoteConsumer)) {
        here.add(subscription);
      }
    }
    StartDeadline deadline = StartDeadline.after(config.startTimeout());
    try {
      Admin admin = Admin.create(ClientSettings.admin(config));
      offsets = new CommittedOffsets(config, admin, ids, progress);
      Topics.ensure(admin, config, deadline);
      offsets.read(deadline);
      tail = new ProgressTail(config, ids, progress);
      tail.start();
      tail.awaitCaughtUp(deadline);
      producer = new KafkaProducer<>(ClientSettings.producer(config, "changes"));
      // Fetched now, the topic's metadata is not waited for by the first request.
      producer.partitionsFor(config.topic());
      if (!here.isEmpty()) {
        runner = KafkaConsumerRunner.inNode(config, here, progress);
        runner.startWithTopics();
      }
      offsets.repeat();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    log.info(
        "Kafka change stream of node {} started on {}: consumers here {}, awaits on {}",
        config.nodeId(),
        config.bootstrapServers(),
        here.stream().map(Subscription::consumerId).toList(),
        ids);
  }

  /**
   * Writes {@code records} to the changes topic; the stage completes with their positions once
   * Kafka acknowledged all of them, or fails if any could not be written.
   */
  @Override
  public CompletionStage<List<Position>> publish(List<Record> records) {
    Producer<String, byte[]> producer = this.producer;
    if (producer == null || closed) {
      return CompletableFuture.failedFuture(
          new IllegalStateException(closed ? "stream is closed" : "stream not started"));
    }
    List<CompletableFuture<Position>> sent = new ArrayList<>(records.size());
    for (Record record : records) {
      CompletableFuture<Position> position = new CompletableFuture<>();
      sent.add(position);
      try {
        producer.send(
            new ProducerRecord<>(
                config.topic(), ChangeRecords.key(record), ChangeRecords.value(record)),
            (metadata, error) -> {
              if (error != null) {
                health.failed(error);
                position.completeExceptionally(error);
              } else {
                health.succeeded();
                position.complete(new Position(metadata.partition(), metadata.offset()));
              }
            });
      } catch (RuntimeException e) {
        health.failed(e);
        position.completeExceptionally(e);
      }
    }
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
        .thenApply(
            ignored -> {
              List<Position> positions = new ArrayList<>(sent.size());
              sent.forEach(p -> positions.add(p.join()));
              return positions;
            });
  }

  /**
   * Returns true while the cluster does not take publishes: after a publish failed for want of it
   * (unreachable brokers, too few in-sync replicas, a timeout) and until a probe (an empty message
   * to the progress topic, at most one a second) or a publish succeeds. The server then refuses new
   * mutations with 503 before the upstream is called. Retention, not this stream, bounds what Kafka
   * keeps, so a backlog of consumers never makes it full.
   */
  @Override
  public boolean isFull() {
    return health.isFailing();
  }

  /**
   * Returns how consumer {@code consumerId} is doing, if it runs on this node: its lag is the
   * messages of the partitions this node's member of its group holds that the member has not
   * processed yet (Kafka's end offsets as last fetched, no call to the cluster), empty until the
   * member has been assigned its partitions and knows their ends; partitions held by members on
   * other nodes are not counted. Its failures are those of the member's most failing partition and
   * its last error the class of the newest failure (never the message, which may quote record
   * data). {@link ConsumerStatus#UNKNOWN} for a {@link RemoteConsumer}, for an id not registered,
   * and before {@link #start}. Any thread; a snapshot of the member's last poll, never blocks.
   */
  @Override
  public ConsumerStatus status(String consumerId) {
    KafkaConsumerRunner runner = this.runner;
    return runner == null ? ConsumerStatus.UNKNOWN : runner.status(consumerId);
  }

  /**
   * Writes a tombstone under a key of its own to the progress topic, which readers skip; on a
   * thread of its own, since a send may block while the cluster is unknown.
   */
  private CompletionStage<?> probe() {
    CompletableFuture<Void> sent = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              Producer<String, byte[]> producer = this.producer;
              try {
                if (producer == null || closed) {
                  throw new IllegalStateException("stream not running");
                }
                producer.send(
                    new ProducerRecord<>(config.progressTopic(), "probe/" + config.nodeId(), null),
                    (metadata, error) -> {
                      if (error != null) {
                        sent.completeExceptionally(error);
                      } else {
                        sent.complete(null);
                      }
                    });
              } catch (RuntimeException e) {
                sent.completeExceptionally(e);
              }
            },
            "mutation-kafka-probe-" + config.nodeId());
    thread.setDaemon(true);
    thread.start();
    return sent;
  }

  /**
   * Stops the consumers that run here (their batches in progress are read again by the next
   * member), stops following progress, and flushes and closes the producer.
   */
  @Override
  public void close() {
    closed = true;
    synchronized (this) {
      if (runner != null) {
        runner.close();
      }
      if (tail != null) {
        tail.close();
      }
      if (producer != null) {
        producer.close(Duration.ofSeconds(5));
      }
      if (offsets != null) {
        offsets.close();
      }
    }
  }

  @Override
  public String toString() {
    return "KafkaChangeStream{" + config + "}";
  }
}
