package io.mutationapi.benchmarks;

import io.mutationapi.MutationRequest;
import io.mutationapi.client.MutationClient;
import io.mutationapi.kafka.KafkaChangeStream;
import io.mutationapi.kafka.KafkaConfig;
import io.mutationapi.kafka.KafkaConsumerRunner;
import io.mutationapi.kafka.KafkaTestCluster;
import io.mutationapi.kafka.RemoteConsumer;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Issue 15, the Kafka hop, against a broker this program starts in its own JVM (KRaft, one node,
 * {@link KafkaTestCluster}); run alone, it is not part of {@code run.sh}:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.mutationapi.benchmarks.KafkaBenchmark [ITERATIONS [SECONDS [CLIENTS]]]
 * </pre>
 *
 * <ul>
 *   <li>{@code kafka.raw_hop}: the baseline, one message from a producer ({@code acks=all}, no
 *       linger) to a consumer that polls its partition, one at a time: what one trip through this
 *       broker costs on this machine now.
 *   <li>{@code kafka.wakeup}: from the moment a worker's consumer completes a batch (the runner
 *       then commits the offset and publishes progress) to the completion of the await on the
 *       server node that waits for it (the node follows the progress topic); one create at a time,
 *       engine called directly, no HTTP.
 *   <li>{@code create.*}: an awaited 1-record create over HTTP with {@code MutationClient}, one at
 *       a time, through the in-memory stream, through Kafka with the consumer on the node, and
 *       through Kafka with the consumer in a worker.
 *   <li>{@code throughput.*}: awaited creates per second from CLIENTS concurrent clients through
 *       one node, then spread over two nodes (both in this JVM, with the worker and the broker: on
 *       one machine the nodes share its cores).
 * </ul>
 *
 * <p>Figures go to standard output as {@code @@ key=value} lines, latencies in microseconds.
 */
public final class KafkaBenchmark {
  private static final String SYNC = "s";
  private static final String CONTACT = "salesforce:contact";
  private static final String CONSUMER = "mirror";
  private static final String TOKEN = "bench-token";
  private static final Duration AWAIT = Duration.ofSeconds(20);
  private static final Principal PRINCIPAL = Principal.of("bench", SYNC);

  private KafkaBenchmark() {}

  /** Runs every measurement; arguments: iterations (500), seconds (5), clients (16). */
  public static void main(String[] args) throws Exception {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int clients = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    KafkaTestCluster kafka = KafkaTestCluster.start();
    try {
      rawHop(kafka, iterations);
      wakeUp(kafka, iterations);
      createLatency(kafka, iterations);
      throughput(kafka, seconds, clients);
    } finally {
      kafka.close();
    }
  }

  /** The worker's consumer: stamps when each record's batch completed. */
  private static final class StampingConsumer implements Consumer {
    final Map<String, Long> completedAt = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Void> process(List<ChangeEvent> batch) {
      long now = System.nanoTime();
      for (ChangeEvent event : batch) {
        completedAt.put(event.record().upstreamId(), now);
      }
      return CompletableFuture.completedFuture(null);
    }
  }

  private static final class NoOpConsumer implements Consumer {
    @Override
    public CompletionStage<Void> process(List<ChangeEvent> batch) {
      return CompletableFuture.completedFuture(null);
    }
  }

  private static void rawHop(KafkaTestCluster kafka, int iterations) throws Exception {
    String topic = "bench-raw-hop";
    try (Admin admin = kafka.admin()) {
      admin
          .createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    Map<String, Object> producerProps = new HashMap<>();
    producerProps.put("bootstrap.servers", kafka.bootstrapServers());
    producerProps.put("acks", "all");
    producerProps.put("linger.ms", "0");
    Map<String, Object> consumerProps = new HashMap<>();
    consumerProps.put("bootstrap.servers", kafka.bootstrapServers());
    consumerProps.put("fetch.max.wait.ms", "100");
    TopicPartition partition = new TopicPartition(topic, 0);
    try (KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(
                producerProps, new ByteArraySerializer(), new ByteArraySerializer());
        KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(
                consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToEnd(List.of(partition));
      consumer.position(partition);
      Histogram hop = Results.histogram();
      int warmup = Math.max(50, iterations / 5);
      byte[] value = new byte[200];
      for (int i = 0; i < warmup + iterations; i++) {
        long t0 = System.nanoTime();
        producer.send(new ProducerRecord<>(topic, value));
        int received = 0;
        while (received == 0) {
          received = consumer.poll(Duration.ofSeconds(5)).count();
        }
        if (i >= warmup) {
          hop.recordValue(System.nanoTime() - t0);
        }
      }
      Results.putPercentiles("kafka.raw_hop", hop);
    }
  }

  private static void wakeUp(KafkaTestCluster kafka, int iterations) throws Exception {
    KafkaConfig.Builder config = kafka.config("bench-wakeup");
    StampingConsumer stamps = new StampingConsumer();
    try (MutationServer node = node(config.nodeId("node-a").build(), false);
        KafkaConsumerRunner worker = worker(config.nodeId("worker").build(), stamps)) {
      requireMember(worker);
      MutationRequest request =
          MutationRequest.create(SYNC, CONTACT)
              .record(Map.of("LastName", "Atreides"))
              .awaitConsumers(List.of(CONSUMER), AWAIT)
              .build();
      Histogram hop = Results.histogram();
      int warmup = Math.max(50, iterations / 5);
      for (int i = 0; i < warmup + iterations; i++) {
        AtomicLong doneAt = new AtomicLong();
        MutationOutcome outcome =
            node.service()
                .run(request, PRINCIPAL)
                .whenComplete((o, e) -> doneAt.set(System.nanoTime()))
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        if (!(outcome instanceof MutationOutcome.Success success)) {
          throw new IllegalStateException("create failed: " + outcome);
        }
        Long committed = stamps.completedAt.get(success.result().records().get(0).upstreamId());
        if (committed == null) {
          throw new IllegalStateException("await completed before the consumer ran");
        }
        if (i >= warmup) {
          hop.recordValue(Math.max(0, doneAt.get() - committed));
        }
      }
      Results.putPercentiles("kafka.wakeup", hop);
    }
  }

  private static void createLatency(KafkaTestCluster kafka, int iterations) throws Exception {
    try (MutationServer node = inMemoryNode()) {
      Results.putPercentiles("create.in_memory", oneAtATime(node, iterations));
    }
    KafkaConfig here = kafka.config("bench-here").nodeId("node-a").build();
    try (MutationServer node = node(here, true)) {
      Results.putPercentiles("create.kafka_consumer_on_node", oneAtATime(node, iterations));
    }
    KafkaConfig.Builder config = kafka.config("bench-worker");
    try (MutationServer node = node(config.nodeId("node-a").build(), false);
        KafkaConsumerRunner worker = worker(config.nodeId("worker").build(), new NoOpConsumer())) {
      requireMember(worker);
      Results.putPercentiles("create.kafka_consumer_in_worker", oneAtATime(node, iterations));
    }
  }

  private static Histogram oneAtATime(MutationServer node, int iterations) {
    Histogram h = Results.histogram();
    try (MutationHttpServer http = MutationHttpServer.listenOnLoopback(node, 0);
        MutationClient client = client(http)) {
      int warmup = Math.max(50, iterations / 5);
      for (int i = 0; i < warmup + iterations; i++) {
        long t0 = System.nanoTime();
        create(client);
        if (i >= warmup) {
          h.recordValue(System.nanoTime() - t0);
        }
      }
    }
    return h;
  }

  private static void throughput(KafkaTestCluster kafka, int seconds, int clients)
      throws Exception {
    try (MutationServer node = inMemoryNode();
        MutationHttpServer http = MutationHttpServer.listenOnLoopback(node, 0);
        MutationClient client = client(http)) {
      Results.put(
          "throughput.in_memory.one_node_per_s", perSecond(List.of(client), seconds, clients));
    }
    KafkaConfig.Builder config = kafka.config("bench-throughput");
    try (MutationServer a = node(config.nodeId("node-a").build(), false);
        MutationServer b = node(config.nodeId("node-b").build(), false);
        KafkaConsumerRunner worker = worker(config.nodeId("worker").build(), new NoOpConsumer());
        MutationHttpServer httpA = MutationHttpServer.listenOnLoopback(a, 0);
        MutationHttpServer httpB = MutationHttpServer.listenOnLoopback(b, 0);
        MutationClient toA = client(httpA);
        MutationClient toB = client(httpB)) {
      requireMember(worker);
      Results.put("throughput.kafka.one_node_per_s", perSecond(List.of(toA), seconds, clients));
      Results.put(
          "throughput.kafka.two_nodes_per_s", perSecond(List.of(toA, toB), seconds, clients));
    }
  }

  /** Awaited creates per second from {@code clients} threads spread over {@code nodes}. */
  private static double perSecond(List<MutationClient> nodes, int seconds, int clients)
      throws InterruptedException {
    AtomicBoolean counting = new AtomicBoolean();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong done = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      MutationClient client = nodes.get(i % nodes.size());
      Thread t =
          new Thread(
              () -> {
                while (running.get()) {
                  create(client);
                  if (counting.get()) {
                    done.incrementAndGet();
                  }
                }
              },
              "bench-client-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    Thread.sleep(2_000); // warm-up
    counting.set(true);
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1_000L);
    counting.set(false);
    double elapsed = (System.nanoTime() - t0) / 1e9;
    running.set(false);
    for (Thread t : threads) {
      t.join(30_000);
    }
    return done.get() / elapsed;
  }

  private static void create(MutationClient client) {
    client
        .mutations()
        .create(SYNC, CONTACT)
        .record(Map.of("LastName", "Atreides"))
        .awaitConsumers(List.of(CONSUMER), AWAIT)
        .execute();
  }

  private static MutationServer inMemoryNode() {
    return MutationServer.builder()
        .sync(SYNC, InMemoryUpstream.create(), CONTACT)
        .consumer(CONSUMER, new NoOpConsumer(), CONTACT)
        .bearerToken(TOKEN, PRINCIPAL)
        .build();
  }

  private static MutationServer node(KafkaConfig config, boolean consumerHere) {
    return MutationServer.builder()
        .sync(SYNC, InMemoryUpstream.create(), CONTACT)
        .consumer(CONSUMER, consumerHere ? new NoOpConsumer() : RemoteConsumer.create(), CONTACT)
        .stream(KafkaChangeStream.create(config))
        .bearerToken(TOKEN, PRINCIPAL)
        .build();
  }

  private static KafkaConsumerRunner worker(KafkaConfig config, Consumer consumer) {
    KafkaConsumerRunner worker =
        KafkaConsumerRunner.builder(config).consumer(CONSUMER, consumer, CONTACT).build();
    worker.start();
    return worker;
  }

  private static void requireMember(KafkaConsumerRunner worker) {
    if (!worker.consumerIds().contains(CONSUMER)) {
      throw new IllegalStateException("the worker does not run " + CONSUMER);
    }
  }

  private static MutationClient client(MutationHttpServer http) {
    return MutationClient.builder()
        .baseUrl("http://127.0.0.1:" + http.port())
        .apiToken(TOKEN)
        .maxRetries(0)
        .build();
  }
}
