/**
 * A durable {@link io.mutationapi.server.spi.ChangeStream} on Kafka: changes survive restarts,
 * consumers run as Kafka consumer groups (in server nodes or in worker processes), and any server
 * node answers any await, woken by a compacted progress topic.
 *
 * <p>Start at {@link io.mutationapi.kafka.KafkaChangeStream} (a server node) and {@link
 * io.mutationapi.kafka.KafkaConsumerRunner} (a worker without HTTP).
 */
// kafka-clients is an automatic module (no module-info of its own).
@SuppressWarnings("requires-automatic")
module io.mutationapi.kafka {
  requires transitive io.mutationapi.server;
  requires kafka.clients;
  requires org.slf4j;

  exports io.mutationapi.kafka;
}
