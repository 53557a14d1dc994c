package io.mutationapi.kafka;

import io.mutationapi.server.spi.Subscription;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The properties of every Kafka client this module makes: the one place of their defaults (the
 * reasons are on {@link KafkaConfig.Builder#clientProperty}), under the user's properties.
 */
final class ClientSettings {
  /**
   * The largest change message: above the server's largest request body (8 MiB by default), since
   * one record as the upstream returns it may be larger than as it was sent. The producer's {@code
   * max.request.size} and the changes topic's {@code max.message.bytes} (when this creates it).
   */
  static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

  private ClientSettings() {}

  /** The producer of changes and of progress. */
  static Map<String, Object> producer(KafkaConfig config, String role) {
    Map<String, Object> p = base(config, role);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(MAX_RECORD_BYTES));
    p.putAll(config.clientProperties());
    p.putAll(config.producerProperties());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  /**
   * A member of the consumer group of {@code consumerId}; a group with no committed offset starts
   * at {@code start} ({@code auto.offset.reset} {@code earliest} or {@code latest}), unless the
   * consumer properties say otherwise.
   */
  static Map<String, Object> groupConsumer(
      KafkaConfig config, String consumerId, Subscription.Start start) {
    Map<String, Object> p = base(config, "consumer-" + consumerId);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId(consumerId));
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
        start == Subscription.Start.LATEST ? "latest" : "earliest");
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
    p.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
    consumerOverrides(config, p);
    return p;
  }

  /** The reader of the progress topic: no group, every partition from the start. */
  static Map<String, Object> progressReader(KafkaConfig config) {
    Map<String, Object> p = base(config, "progress-reader");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
    consumerOverrides(config, p);
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    return p;
  }

  /** The admin client that checks and creates topics and reads committed offsets. */
  static Map<String, Object> admin(KafkaConfig config) {
    Map<String, Object> p = base(config, "admin");
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    p.putAll(config.clientProperties());
    return p;
  }

  private static void consumerOverrides(KafkaConfig config, Map<String, Object> p) {
    p.putAll(config.clientProperties());
    p.putAll(config.consumerProperties());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
  }

  private static Map<String, Object> base(KafkaConfig config, String role) {
    Map<String, Object> p = new HashMap<>();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, config.nodeId() + "-" + role);
    return p;
  }
}
