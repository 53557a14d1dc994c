package io.mutationapi.faults;

import io.mutationapi.client.MutationClient;
import io.mutationapi.kafka.KafkaChangeStream;
import io.mutationapi.kafka.KafkaConfig;
import io.mutationapi.kafka.KafkaConsumerRunner;
import io.mutationapi.kafka.KafkaTestCluster;
import io.mutationapi.kafka.RemoteConsumer;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.IdempotencyStore;
import io.mutationapi.server.spi.Principal;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One service on a real broker: server nodes (a {@link MutationServer} on Jetty each, sharing one
 * upstream, one idempotency store and one Kafka configuration, with the consumer {@link #CONSUMER}
 * as a {@link RemoteConsumer}) and workers on a "third node" running that consumer's group members.
 * Closes everything it started, newest first.
 */
final class KafkaNodes implements AutoCloseable {
  static final String SYNC = "my-sync-id";
  static final String CONTACT = "salesforce:contact";
  static final String CONSUMER = "mirror";
  static final String TOKEN = "kafka-nodes-token";
  static final String HTTP_CONSUMER = "http-worker";

  final KafkaTestCluster kafka;
  final KafkaConfig.Builder config;
  final InMemoryUpstream upstream = InMemoryUpstream.create();
  private final IdempotencyStore store;

  /**
   * One key for every node, as one service's nodes share it, so each honours the others' tokens.
   */
  private final byte[] consistencyTokenKey = new SecureRandom().generateSeed(32);

  private final List<AutoCloseable> started = new ArrayList<>();

  KafkaNodes(KafkaTestCluster kafka, String name, IdempotencyStore store) {
    this.kafka = kafka;
    // Members that leave or die are noticed within 2 s, so rebalances in tests take seconds.
    this.config =
        kafka
            .config(name)
            .consumerProperty("session.timeout.ms", "2000")
            .consumerProperty("heartbeat.interval.ms", "500");
    this.store = store;
  }

  /** A server node: its engine and its HTTP listener on a free loopback port. */
  record Node(MutationServer server, MutationHttpServer http) {
    String baseUrl() {
      return "http://127.0.0.1:" + http.port();
    }
  }

  Node node(String nodeId) {
    return node(nodeId, Duration.ofSeconds(10));
  }

  /** A server node whose close lets requests in flight finish for {@code gracePeriod}. */
  Node node(String nodeId, Duration gracePeriod) {
    MutationServer server =
        MutationServer.builder()
            .sync(SYNC, upstream, CONTACT)
            .consumer(CONSUMER, RemoteConsumer.create(), CONTACT)
            .stream(KafkaChangeStream.create(config.nodeId(nodeId).build()))
            .idempotencyStore(store)
            .bearerToken(TOKEN, Principal.of("app", SYNC))
            .gracePeriod(gracePeriod)
            .consistencyTokenKey(consistencyTokenKey)
            .build();
    started.add(server);
    return new Node(server, MutationHttpServer.listenOnLoopback(server, 0));
  }

  /**
   * A server node whose only consumer is the HTTP consumer {@link #HTTP_CONSUMER} (default
   * settings): the node is a member of its group and holds the messages of its partitions.
   */
  Node httpNode(String nodeId) {
    MutationServer server =
        MutationServer.builder()
            .sync(SYNC, upstream, CONTACT)
            .httpConsumer(HTTP_CONSUMER, CONTACT)
            .stream(KafkaChangeStream.create(config.nodeId(nodeId).build()))
            .idempotencyStore(store)
            .bearerToken(TOKEN, Principal.of("app", SYNC))
            .build();
    started.add(server);
    return new Node(server, MutationHttpServer.listenOnLoopback(server, 0));
  }

  /** A group member of {@link #CONSUMER} with no HTTP, started (it joins the group meanwhile). */
  KafkaConsumerRunner worker(String nodeId, Consumer consumer) {
    KafkaConsumerRunner worker =
        KafkaConsumerRunner.builder(config.nodeId(nodeId).build())
            .consumer(CONSUMER, consumer, CONTACT)
            .build();
    started.add(worker);
    worker.start();
    return worker;
  }

  MutationClient client(Node node) {
    MutationClient client =
        MutationClient.builder()
            .baseUrl(node.baseUrl())
            .apiToken(TOKEN)
            .maxRetries(20)
            .timeout(Duration.ofSeconds(40))
            .build();
    started.add(client);
    return client;
  }

  /** Counts the messages of the changes topic per key, reading every partition to its end. */
  Map<String, Integer> topicKeys() {
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    p.put("key.deserializer", StringDeserializer.class.getName());
    p.put("value.deserializer", ByteArrayDeserializer.class.getName());
    String topic = config.build().topic();
    Map<String, Integer> keys = new HashMap<>();
    try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions =
          reader.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      reader.assign(partitions);
      reader.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = reader.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (partitions.stream().anyMatch(tp -> reader.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " to its end " + end);
        }
        for (ConsumerRecord<String, byte[]> message : reader.poll(Duration.ofMillis(200))) {
          keys.merge(message.key(), 1, Integer::sum);
        }
      }
    }
    return keys;
  }

  /** Closes what is still open, newest first; a node or worker closed before is skipped. */
  @Override
  public void close() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }
}
