package io.mutationapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.MutationResult;
import io.mutationapi.Record;
import io.mutationapi.server.HttpConsumerSettings;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.server.spi.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client against our embedded server over loopback HTTP, with an HTTP consumer: workers pull
 * and ack through {@link PullConsumer} while mutations await the consumer.
 */
@Timeout(60)
class PullConsumerEndToEndTest {
  private static final String SYNC = "my-sync-id";
  private static final String CONTACT = "salesforce:contact";
  private static final String TOKEN = "pull-e2e-token";
  private static final String WORKER = "http-worker";

  private MutationServer server;
  private MutationClient client;
  private int port;

  @BeforeEach
  void start() {
    server =
        MutationServer.builder()
            .sync(SYNC, InMemoryUpstream.create(), CONTACT)
            .httpConsumer(WORKER, CONTACT)
            .bearerToken(TOKEN, Principal.of("worker", SYNC))
            .build();
    port = MutationHttpServer.listenOnLoopback(server, 0).port();
    client = MutationClient.builder().baseUrl("http://127.0.0.1:" + port).apiToken(TOKEN).build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void fourWorkers_pullAndAck_everyRecordAckedOnce_andTheAwaitsComplete() throws Exception {
    int requests = 50;
    int perRequest = 4;
    Map<String, AtomicInteger> acked = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService workers = Executors.newFixedThreadPool(4);
    List<Future<?>> running = new ArrayList<>();
    PullConsumer consumer = client.consumers(WORKER);
    for (int w = 0; w < 4; w++) {
      running.add(
          workers.submit(
              () -> {
                while (!stop.get()) {
                  MessageBatch batch = consumer.next(8, Duration.ofMillis(200));
                  AckResult result = consumer.ack(batch);
                  assertThat(result.isComplete()).as("%s", result).isTrue();
                  for (ConsumerMessage m : batch.messages()) {
                    acked
                        .computeIfAbsent(m.record().upstreamId(), k -> new AtomicInteger())
                        .incrementAndGet();
                  }
                }
                return null;
              }));
    }
    try {
      List<CompletableFuture<MutationResult>> awaits = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        CreateCall create = client.mutations().create(SYNC, CONTACT);
        for (int j = 0; j < perRequest; j++) {
          create.record(Map.of("LastName", "Worker " + i + "/" + j));
        }
        awaits.add(create.awaitConsumers(List.of(WORKER), Duration.ofSeconds(20)).executeAsync());
      }
      List<String> created = new ArrayList<>();
      for (CompletableFuture<MutationResult> f : awaits) {
        for (Record r : f.get(30, TimeUnit.SECONDS).records()) {
          created.add(r.upstreamId());
        }
      }

      assertThat(created).hasSize(requests * perRequest).doesNotHaveDuplicates();
      // An await completes once its records are acked, so every one is counted by now.
      assertThat(acked.keySet()).containsExactlyInAnyOrderElementsOf(created);
      assertThat(acked.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    } finally {
      stop.set(true);
      workers.shutdown();
      assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    for (Future<?> f : running) {
      f.get(); // a worker's failure fails the test
    }
  }

  @Test
  void aLongPollLongerThanTheClientsTimeouts_returnsEmptyWhenItsWaitPasses() {
    try (MutationClient strict =
        client.withOptions(
            o -> o.readTimeout(Duration.ofMillis(100)).timeout(Duration.ofMillis(150)))) {
      long started = System.nanoTime();

      MessageBatch batch = strict.consumers(WORKER).next(1, Duration.ofMillis(600));

      assertThat(batch.isEmpty()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isGreaterThanOrEqualTo(Duration.ofMillis(550));
    }
  }

  @Test
  void aLongPollInFlight_isAnsweredWhenAMessageArrives() throws Exception {
    CompletableFuture<MessageBatch> poll =
        client.consumers(WORKER).nextAsync(5, Duration.ofSeconds(20));
    Thread.sleep(100); // let the poll reach the server and wait there

    long started = System.nanoTime();
    String id =
        client
            .mutations()
            .create(SYNC, CONTACT)
            .record(Map.of("LastName", "Woken"))
            .execute()
            .record()
            .upstreamId();
    MessageBatch batch = poll.get(10, TimeUnit.SECONDS);

    assertThat(batch.messages()).extracting(m -> m.record().upstreamId()).containsExactly(id);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(client.consumers(WORKER).ack(batch).isComplete()).isTrue();
  }

  @Test
  void ackAndNack_rejectedTokens_sayWhich_andTheOthersCount() {
    client.mutations().create(SYNC, CONTACT).record(Map.of("LastName", "A")).execute();
    client.mutations().create(SYNC, CONTACT).record(Map.of("LastName", "B")).execute();
    PullConsumer consumer = client.consumers(WORKER);

    MessageBatch first = consumer.next(1, Duration.ofSeconds(5));
    AckResult nacked = consumer.nack(first);
    // Messages reach the consumer's queue through the stream's own thread: pull until both are in.
    List<ConsumerMessage> again = new ArrayList<>();
    for (int i = 0; i < 10 && again.size() < 2; i++) {
      again.addAll(consumer.next(2, Duration.ofSeconds(5)).messages());
    }
    AckResult result =
        consumer.ack(
            List.of(first.messages().get(0).ackToken(), "forged-token", again.get(0).ackToken()));

    assertThat(nacked.isComplete()).isTrue();
    assertThat(again).hasSize(2);
    assertThat(again)
        .filteredOn(m -> m.record().equals(first.messages().get(0).record()))
        .singleElement()
        .satisfies(m -> assertThat(m.deliveryCount()).isEqualTo(2));
    assertThat(result.handled()).isEqualTo(1);
    assertThat(result.rejections())
        .extracting(AckResult.Rejection::index, AckResult.Rejection::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0, AckResult.Reason.EXPIRED),
            org.assertj.core.groups.Tuple.tuple(1, AckResult.Reason.UNKNOWN));
  }

  @Test
  void errors_unknownConsumerAndWrongToken() {
    assertThatThrownBy(() -> client.consumers("nope").next(1, Duration.ZERO))
        .isInstanceOf(NotFoundException.class);
    try (MutationClient wrong =
        MutationClient.builder().baseUrl("http://127.0.0.1:" + port).apiToken("wrong").build()) {
      assertThatThrownBy(() -> wrong.consumers(WORKER).ack("t"))
          .isInstanceOf(UnauthorizedException.class);
      assertThatThrownBy(() -> wrong.consumers().list()).isInstanceOf(UnauthorizedException.class);
    }
    assertThatThrownBy(() -> client.consumers(WORKER).next(1, Duration.ofHours(1)))
        .isInstanceOf(BadRequestException.class);
  }

  @Test
  void management_listsAndGetsTheConsumerAndTheSync() {
    client.mutations().create(SYNC, CONTACT).record(Map.of("LastName", "A")).execute();
    client.consumers(WORKER).next(1, Duration.ofSeconds(5));

    List<ConsumerInfo> consumers = client.consumers().list();
    ConsumerInfo worker = client.consumers().get(WORKER);
    SyncInfo sync = client.syncs().get(SYNC);

    assertThat(consumers).extracting(ConsumerInfo::id).containsExactly(WORKER);
    assertThat(worker.isHttp()).isTrue();
    assertThat(worker.collectionIds()).containsExactly(CONTACT);
    ConsumerInfo.HttpDetails http = worker.http().orElseThrow();
    assertThat(http.ackWait()).isEqualTo(HttpConsumerSettings.DEFAULTS.ackWait());
    assertThat(http.numAckPending()).isEqualTo(1);
    assertThat(client.syncs().list()).containsExactly(sync);
    assertThat(sync.collectionIds()).containsExactly(CONTACT);
    assertThat(sync.rateLimit()).isEmpty();
    assertThatThrownBy(() -> client.syncs().get("nope")).isInstanceOf(NotFoundException.class);
  }
}
