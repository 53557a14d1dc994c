package io.mutationapi.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.await.Position;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.BatchResult;
import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.Subscription;
import io.mutationapi.testing.RecordingConsumer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
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
    kafka = KafkaTestCluster.shared();
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

  @Test
  void eventsOfCollectionsTheConsumerDoesNotConsume_areSkipped_andStillAdvanceItsProgress()
      throws Exception {
    RecordingConsumer consumer = new RecordingConsumer();
    RecordingProgress progress = new RecordingProgress();
    KafkaChangeStream stream = KafkaChangeStream.create(kafka.config("skip").build());
    toClose.add(stream);
    stream.start(List.of(new Subscription("contacts", Set.of(CONTACT), consumer)), progress);

    List<Position> positions =
        stream
            .publish(List.of(record(ACCOUNT, "a1"), record(ACCOUNT, "a2"), record(ACCOUNT, "a3")))
            .toCompletableFuture()
            .get(20, TimeUnit.SECONDS);

    for (Position position : positions) {
      assertThat(progress.awaitPast("contacts", position, Duration.ofSeconds(20))).isTrue();
    }
    assertThat(consumer.calls()).isZero();
  }

  @Test
  void publishThatKafkaRefuses_isAnswered503_namingTheAppliedRecords_andNothingIsDelivered() {
    RecordingConsumer consumer = new RecordingConsumer();
    KafkaConfig config =
        kafka.config("refused").producerProperty("max.request.size", "4096").build();
    MutationServer server = server(config, "local-db", consumer);

    MutationOutcome outcome =
        run(
            server,
            MutationRequest.create(SYNC, CONTACT)
                .record(Map.of("Name", "x".repeat(10_000)))
                .awaitConsumers(List.of("local-db"), Duration.ofSeconds(20))
                .build());

    assertThat(outcome).isInstanceOf(MutationOutcome.Failure.class);
    MutationError error = ((MutationOutcome.Failure) outcome).error();
    assertThat(error.status()).isEqualTo(503);
    assertThat(error.code()).contains(ErrorCode.UNAVAILABLE);
    assertThat(error.records()).hasSize(1);
    assertThat(server.pendingAwaits()).isZero();
    Record next = success(run(server, createAwaiting(CONTACT, "local-db")));
    assertThat(consumer.records()).containsExactly(next);
  }

  @Test
  void recordOfSeveralMegabytes_isPublishedAndConsumed() {
    RecordingConsumer consumer = new RecordingConsumer();
    MutationServer server = server(kafka.config("large").build(), "local-db", consumer);

    Record created =
        success(
            run(
                server,
                MutationRequest.create(SYNC, CONTACT)
                    .record(Map.of("Name", "x".repeat(3_000_000)))
                    .awaitConsumers(List.of("local-db"), Duration.ofSeconds(20))
                    .build()));

    assertThat(consumer.records()).containsExactly(created);
  }

  @Test
  void recordAWorkerDidNotApply_isAnsweredRecordNotApplied_onTheNodeThatAwaitsIt() {
    KafkaConfig config = kafka.config("not-applied").build();
    MutationServer server = server(config, "strict", RemoteConsumer.create());
    KafkaConsumerRunner worker =
        KafkaConsumerRunner.builder(config)
            .consumer("strict", new RefusingConsumer("poison"), CONTACT)
            .build();
    toClose.add(worker);
    worker.start();

    MutationOutcome outcome =
        run(
            server,
            MutationRequest.create(SYNC, CONTACT)
                .record(Map.of("Name", "poison"))
                .awaitConsumers(List.of("strict"), Duration.ofSeconds(20))
                .build());

    assertThat(outcome).isInstanceOf(MutationOutcome.Failure.class);
    MutationError error = ((MutationOutcome.Failure) outcome).error();
    assertThat(error.code()).contains(ErrorCode.RECORD_NOT_APPLIED);
    assertThat(error.message()).contains("strict").contains("refuses poison");
    assertThat(error.records()).hasSize(1);
    success(run(server, createAwaiting(CONTACT, "strict")));
  }

  @Test
  void missingTopics_whenTopicsAreManagedByHand_failTheStartNamingThem() {
    KafkaConfig config = kafka.config("by-hand").createTopics(false).build();
    KafkaChangeStream stream = KafkaChangeStream.create(config);

    assertThatThrownBy(
            () ->
                stream.start(
                    List.of(new Subscription("c", Set.of(CONTACT), new RecordingConsumer())),
                    new RecordingProgress()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(config.topic())
        .hasMessageContaining(config.progressTopic())
        .hasMessageContaining("cleanup.policy=compact")
        .hasMessageContaining("createTopics(true)");
    assertThat(stream.publish(List.of(record(CONTACT, "x")))).isCompletedExceptionally();
  }

  @Test
  void configWithOneTopicForChangesAndProgress_isRefused() {
    assertThatThrownBy(
            () -> KafkaConfig.builder("127.0.0.1:9092").topic("t").progressTopic("t").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must differ");
  }

  @Test
  void configToString_namesClientPropertiesButNotTheirValues() {
    KafkaConfig config =
        KafkaConfig.builder("127.0.0.1:9092")
            .clientProperty("sasl.jaas.config", "secret-password")
            .build();

    assertThat(config.toString()).contains("sasl.jaas.config").doesNotContain("secret-password");
  }

  @Test
  void closedServer_leavesNoThreadOfItsStreamBehind() throws Exception {
    KafkaConfig config = kafka.config("threads").nodeId("node-threads").build();
    MutationServer server = server(config, "consumer-threads", new RecordingConsumer());
    success(run(server, createAwaiting(CONTACT, "consumer-threads")));
    assertThat(threadsNamed("threads")).isNotEmpty();

    server.close();

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!threadsNamed("threads").isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(threadsNamed("threads")).isEmpty();
  }

  private static List<String> threadsNamed(String part) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.contains(part))
        .toList();
  }

  static Record record(String collection, String upstreamId) {
    return Record.builder()
        .syncId(SYNC)
        .collectionId(collection)
        .upstreamId(upstreamId)
        .upstreamUpdatedAt(Instant.now())
        .updatedIdx(1)
        .data(Map.of("Name", upstreamId))
        .build();
  }

  /** Applies every record but those whose Name is {@code refused}, which it skips. */
  static final class RefusingConsumer implements Consumer {
    private final String refused;

    RefusingConsumer(String refused) {
      this.refused = refused;
    }

    @Override
    public CompletionStage<Void> process(List<ChangeEvent> batch) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<BatchResult> processBatch(List<ChangeEvent> batch) {
      List<BatchResult.Skipped> skipped = new ArrayList<>();
      for (ChangeEvent event : batch) {
        if (refused.equals(event.record().data().get("Name"))) {
          skipped.add(new BatchResult.Skipped(event, "refuses " + refused));
        }
      }
      return CompletableFuture.completedFuture(new BatchResult(skipped));
    }
  }
}
