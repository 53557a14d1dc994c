/**
 * The change stream on Kafka.
 *
 * <p>{@link io.mutationapi.kafka.KafkaConfig} says where the cluster and the topics are; {@link
 * io.mutationapi.kafka.KafkaChangeStream} is the stream a server node registers with {@code
 * MutationServer.Builder.stream(...)}; {@link io.mutationapi.kafka.KafkaConsumerRunner} runs
 * consumers in a process without HTTP; {@link io.mutationapi.kafka.RemoteConsumer} registers, on a
 * node, a consumer that runs elsewhere, so that requests may await it there.
 */
package io.mutationapi.kafka;
