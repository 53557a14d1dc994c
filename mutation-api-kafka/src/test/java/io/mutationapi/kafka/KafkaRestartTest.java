package io.mutationapi.kafka;

import static io.mutationapi.kafka.KafkaChangeStreamTest.CONTACT;
import static io.mutationapi.kafka.KafkaChangeStreamTest.SYNC;
import static io.mutationapi.kafka.KafkaChangeStreamTest.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.await.Position;
import io.mutationapi.kafka.KafkaConsumerGroupTest.HeldConsumer;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.Subscription;
import io.mutationapi.testing.RecordingConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What survives a node's restart, and what a node that starts late knows at once. */
class KafkaRestartTest {
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

  @Test
  void changesAcknowledgedBeforeARestart_reachTheConsumerAfterIt() throws Exception {
    KafkaConfig config = kafka.config("restart").build();
    HeldConsumer held = new HeldConsumer();
    MutationServer before = server(config, held);
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(success(run(before, create(List.of()))).upstreamId());
    }
    held.awaitEvents(1);
    before.close();

    RecordingConsumer consumer = new RecordingConsumer();
    MutationServer after = server(config, consumer);
    created.add(success(run(after, create(List.of("local-db")))).upstreamId());

    assertThat(consumer.records()).extracting(Record::upstreamId).containsAll(created);
  }

  @Test
  void nodeThatStartsLate_knowsAtOnceWhatWasProcessed_fromTheProgressTopicAlone() throws Exception {
    KafkaConfig config = kafka.config("late").build();
    List<Position> processed = processedBy("local-db", config);
    KafkaConfig noCommittedOffsets =
        KafkaConfig.builder(config.bootstrapServers())
            .topic(config.topic())
            .groupIdPrefix(config.groupId("") + "other-")
            .progressTopic(config.progressTopic())
            .build();

    RecordingProgress late = startLateNode(noCommittedOffsets);

    for (Position position : processed) {
      assertThat(late.isPast("local-db", position)).as("%s", position).isTrue();
    }
  }

  @Test
  void nodeThatStartsLate_knowsAtOnceWhatWasProcessed_fromCommittedOffsetsAlone() throws Exception {
    KafkaConfig config = kafka.config("late-offsets").build();
    List<Position> processed = processedBy("local-db", config);
    KafkaConfig emptyProgress =
        KafkaConfig.builder(config.bootstrapServers())
            .topic(config.topic())
            .groupIdPrefix(config.groupId(""))
            .progressTopic(config.progressTopic() + "-empty")
            .build();

    RecordingProgress late = startLateNode(emptyProgress);

    for (Position position : processed) {
      assertThat(late.isPast("local-db", position)).as("%s", position).isTrue();
    }
  }

  @Test
  void nodeThatStartsLate_answersNewAwaitsOnAConsumerRunningElsewhere() {
    KafkaConfig config = kafka.config("late-await").build();
    server(config, new RecordingConsumer());
    MutationServer late = server(config, RemoteConsumer.create());

    MutationOutcome outcome = run(late, create(List.of("local-db")));

    assertThat(outcome).isInstanceOf(MutationOutcome.Success.class);
  }

  @Test
  void progressMessagesThatNeverArrive_areMadeUpByTheCommittedOffsets() throws Exception {
    KafkaConfig config = kafka.config("lost-progress").build();
    RecordingProgress early = new RecordingProgress();
    KafkaChangeStream running = startNode(config, early);
    KafkaConfig deaf =
        KafkaConfig.builder(config.bootstrapServers())
            .topic(config.topic())
            .groupIdPrefix(config.groupId(""))
            .progressTopic(config.progressTopic() + "-never-written")
            .committedOffsetsInterval(Duration.ofMillis(200))
            .build();
    RecordingProgress late = startLateNode(deaf);

    List<Position> processed = publishAndProcess(running, early);

    for (Position position : processed) {
      assertThat(late.awaitPast("local-db", position, Duration.ofSeconds(10))).isTrue();
    }
  }

  /** Positions of records that consumer {@code id}, run by a node of {@code config}, processed. */
  private List<Position> processedBy(String id, KafkaConfig config) throws Exception {
    RecordingProgress progress = new RecordingProgress();
    return publishAndProcess(startNode(config, progress), progress);
  }

  private KafkaChangeStream startNode(KafkaConfig config, RecordingProgress progress) {
    KafkaChangeStream node = KafkaChangeStream.create(config);
    toClose.add(node);
    node.start(
        List.of(new Subscription("local-db", Set.of(CONTACT), new RecordingConsumer())), progress);
    return node;
  }

  private List<Position> publishAndProcess(KafkaChangeStream early, RecordingProgress progress)
      throws Exception {
    String id = "local-db";
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      records.add(record(CONTACT, "r" + i));
    }
    List<Position> positions =
        early.publish(records).toCompletableFuture().get(20, TimeUnit.SECONDS);
    for (Position position : positions) {
      assertThat(progress.awaitPast(id, position, Duration.ofSeconds(20))).isTrue();
    }
    return positions;
  }

  private RecordingProgress startLateNode(KafkaConfig config) {
    RecordingProgress progress = new RecordingProgress();
    KafkaChangeStream late = KafkaChangeStream.create(config);
    toClose.add(late);
    late.start(
        List.of(new Subscription("local-db", Set.of(CONTACT), RemoteConsumer.create())), progress);
    return progress;
  }

  private MutationServer server(KafkaConfig config, Consumer consumer) {
    MutationServer server =
        MutationServer.builder()
            .sync(SYNC, InMemoryUpstream.create(), CONTACT)
            .consumer("local-db", consumer, CONTACT)
            .stream(KafkaChangeStream.create(config))
            .insecureNoAuthentication()
            .build();
    toClose.add(server);
    return server;
  }

  private static MutationRequest create(List<String> awaited) {
    MutationRequest.CreateBuilder create =
        MutationRequest.create(SYNC, CONTACT).record(Map.of("Name", "Paul"));
    return (awaited.isEmpty() ? create : create.awaitConsumers(awaited, Duration.ofSeconds(20)))
        .build();
  }

  private static MutationOutcome run(MutationServer server, MutationRequest request) {
    return server
        .service()
        .run(request, Principal.ANONYMOUS)
        .toCompletableFuture()
        .orTimeout(30, TimeUnit.SECONDS)
        .join();
  }

  private static Record success(MutationOutcome outcome) {
    assertThat(outcome).isInstanceOf(MutationOutcome.Success.class);
    return ((MutationOutcome.Success) outcome).result().record();
  }
}
