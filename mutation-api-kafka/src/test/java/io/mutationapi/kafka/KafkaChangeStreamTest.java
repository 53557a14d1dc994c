package io.mutationapi.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.testing.RecordingConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One server node on a real broker: publish, consume in groups, await the commit. */
class KafkaChangeStreamTest {
  static final String SYNC = "s";
  static final String CONTACT = "salesforce:contact";
  static final String ACCOUNT = "salesforce:account";
  static KafkaTestCluster kafka;

  final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = KafkaTestCluster.start();
  }

  @AfterAll
  static void stopKafka() throws Exception {
    kafka.close();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  MutationServer server(KafkaConfig config, String consumerId, Consumer consumer) {
    MutationServer server =
        MutationServer.builder()
            .sync(SYNC, InMemoryUpstream.create(), CONTACT, ACCOUNT)
            .consumer(consumerId, consumer, CONTACT)
            .stream(KafkaChangeStream.create(config))
            .insecureNoAuthentication()
            .build();
    toClose.add(server);
    return server;
  }

  static MutationOutcome run(MutationServer server, MutationRequest request) {
    return server
        .service()
        .run(request, Principal.ANONYMOUS)
        .toCompletableFuture()
        .orTimeout(30, TimeUnit.SECONDS)
        .join();
  }

  static MutationRequest createAwaiting(String collection, String consumerId) {
    return MutationRequest.create(SYNC, collection)
        .record(Map.of("Name", "Paul"))
        .awaitConsumers(List.of(consumerId), Duration.ofSeconds(20))
        .build();
  }

  static Record success(MutationOutcome outcome) {
    assertThat(outcome).isInstanceOf(MutationOutcome.Success.class);
    return ((MutationOutcome.Success) outcome).result().records().get(0);
  }

  @Test
  void createAwaitingAConsumerOnThisNode_completesOnceTheConsumerCommitted() {
    RecordingConsumer consumer = new RecordingConsumer();
    MutationServer server = server(kafka.config("node").build(), "local-db", consumer);

    Record created = success(run(server, createAwaiting(CONTACT, "local-db")));

    assertThat(consumer.records()).extracting(Record::upstreamId).contains(created.upstreamId());
    assertThat(consumer.records().get(0)).isEqualTo(created);
  }

  @Test
  void createAwaitingAConsumerInAWorker_completesOnceTheWorkerCommitted() {
    KafkaConfig config = kafka.config("worker").build();
    MutationServer server = server(config, "mirror", RemoteConsumer.create());
    RecordingConsumer consumer = new RecordingConsumer();
    KafkaConsumerRunner worker =
        KafkaConsumerRunner.builder(config).consumer("mirror", consumer, CONTACT).build();
    toClose.add(worker);
    worker.start();

    Record created = success(run(server, createAwaiting(CONTACT, "mirror")));

    assertThat(consumer.records()).contains(created);
  }
}
