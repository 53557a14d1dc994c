package io.mutationapi.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.server.InMemoryConsumer;
import io.mutationapi.server.InMemoryStream;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.RecordOutcome;
import io.mutationapi.server.spi.UpstreamException;
import io.mutationapi.testing.FaultyUpstream;
import io.mutationapi.testing.PausableConsumer;
import io.mutationapi.testing.RecordingConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine in process under injected faults: an upstream that fails whole batches or at a given
 * record (and counts what reaches it), consumers that are held or throw. What is published is what
 * the upstream applied, every answer names what was applied and what was not, and requests rejected
 * early never reach the upstream. The engine without faults is tested in mutation-api-server-spi's
 * {@code MutationServiceTest}.
 */
class MutationServiceFaultTest {
  static final String SYNC = "my-sync-id";
  static final String CONTACT = "salesforce:contact";
  static final String TASK = "salesforce:task";
  static final Principal APP = Principal.of("app", SYNC);

  InMemoryUpstream store = InMemoryUpstream.create();
  FaultyUpstream upstream = FaultyUpstream.wrap(store);
  final InMemoryConsumer db = new InMemoryConsumer();
  final PausableConsumer dbGate = PausableConsumer.wrap(db);
  final RecordingConsumer recorder = new RecordingConsumer();
  final InMemoryConsumer tasks = new InMemoryConsumer();
  InMemoryStream stream =
      InMemoryStream.builder().retryBackoff(Duration.ofMillis(5), Duration.ofMillis(20)).build();
  MutationServer server;

  MutationServer.Builder builder() {
    return MutationServer.builder()
        .sync(SYNC, upstream, CONTACT, TASK)
        .sync("other-sync", InMemoryUpstream.create(), CONTACT)
        .consumer("db", dbGate, CONTACT)
        .consumer("recorder", recorder, CONTACT, TASK)
        .consumer("tasks", tasks, TASK)
        .stream(stream)
        .bearerToken("secret", APP);
  }

  void use(InMemoryUpstream upstream) {
    this.store = upstream;
    this.upstream = FaultyUpstream.wrap(upstream);
  }

  MutationServer server() {
    if (server == null) {
      server = builder().build();
    }
    return server;
  }

  MutationOutcome run(MutationRequest request) {
    return run(request, APP);
  }

  MutationOutcome run(MutationRequest request, Principal principal) {
    return server()
        .service()
        .run(request, principal)
        .toCompletableFuture()
        .orTimeout(20, TimeUnit.SECONDS)
        .join();
  }

  static MutationError error(MutationOutcome outcome) {
    assertThat(outcome).isInstanceOf(MutationOutcome.Failure.class);
    return ((MutationOutcome.Failure) outcome).error();
  }

  static List<Record> records(MutationOutcome outcome) {
    assertThat(outcome).isInstanceOf(MutationOutcome.Success.class);
    return ((MutationOutcome.Success) outcome).result().records();
  }

  static MutationRequest.CreateBuilder contacts(int n) {
    MutationRequest.CreateBuilder b = MutationRequest.create(SYNC, CONTACT);
    for (int i = 0; i < n; i++) {
      b.record(Map.of("n", i));
    }
    return b;
  }

  @AfterEach
  void close() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void records_comeBackInRequestOrder_acrossBatches() {
    use(InMemoryUpstream.builder().maxBatchSize(3).build());

    List<Record> records = records(run(contacts(10).awaitConsumers("recorder").build()));

    assertThat(upstream.batchCount()).isEqualTo(4);
    assertThat(records)
        .extracting(r -> r.data().get("n").toString())
        .containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    assertThat(recorder.records()).containsExactlyInAnyOrderElementsOf(records);
  }

  @Test
  void megabyteIds_areShortenedInMessages_asTheCodecShortensEchoedInput() {
    String huge = "x".repeat(1_000_000);
    String shown = "'" + "x".repeat(64) + "...'";

    MutationError sync = error(run(MutationRequest.create(huge, CONTACT).record(Map.of()).build()));
    MutationError collection =
        error(run(MutationRequest.create(SYNC, huge).record(Map.of()).build()));
    MutationError consumer = error(run(contacts(1).awaitConsumers("db", huge).build()));
    MutationError notSubscribed =
        error(
            run(MutationRequest.create(SYNC, TASK).record(Map.of()).awaitConsumers("db").build()));

    assertThat(sync.message()).isEqualTo("Error: Unknown sync_id " + shown);
    assertThat(collection.message())
        .isEqualTo("Error: Unknown collection_id " + shown + " in sync_id '" + SYNC + "'");
    assertThat(consumer.message())
        .isEqualTo("Error: await_consumer_ids[1]: unknown consumer " + shown);
    assertThat(notSubscribed.message()).contains("consumer 'db' does not consume");
    assertThat(upstream.batchCount()).isZero();
    MutationError unknownRecord =
        error(run(MutationRequest.update(SYNC, CONTACT).record(huge, Map.of()).build()));
    assertThat(unknownRecord.message())
        .isEqualTo(
            "Error: Salesforce validation error: `entity is deleted or does not exist: "
                + "x".repeat(64)
                + "...`");
  }

  @Test
  void unknownCollection_isNotFound() {
    MutationError error =
        error(run(MutationRequest.create(SYNC, "salesforce:nope").record(Map.of()).build()));

    assertThat(error.code()).contains(ErrorCode.NOT_FOUND);
    assertThat(upstream.batchCount()).isZero();
  }

  @Test
  void awaitingAnUnknownConsumer_isRejectedBeforeTheUpstream() {
    MutationError error = error(run(contacts(1).awaitConsumers("db", "ghost").build()));

    assertThat(error.code()).contains(ErrorCode.UNKNOWN_CONSUMER);
    assertThat(error.message()).isEqualTo("Error: await_consumer_ids[1]: unknown consumer 'ghost'");
    assertThat(upstream.batchCount()).isZero();
  }

  @Test
  void awaitingAConsumerThatDoesNotConsumeTheCollection_isRejectedBeforeTheUpstream() {
    MutationError error = error(run(contacts(1).awaitConsumers("tasks").build()));

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.code()).contains(ErrorCode.CONSUMER_NOT_SUBSCRIBED);
    assertThat(error.message()).contains("'tasks'").contains(CONTACT);
    assertThat(upstream.batchCount()).isZero();
  }

  @Test
  void moreRecordsThanTheLimit_isAValidationError() {
    server = builder().maxRecordsPerRequest(5).build();

    MutationError error = error(run(contacts(6).build()));

    assertThat(error.code()).contains(ErrorCode.VALIDATION_ERROR);
    assertThat(error.message()).startsWith("Error: records:");
    assertThat(upstream.batchCount()).isZero();
  }

  @Test
  void awaitTimeoutAboveTheLimit_isAValidationError() {
    server = builder().maxAwaitTimeout(Duration.ofSeconds(10)).build();

    MutationError error =
        error(run(contacts(1).awaitConsumers(List.of("db"), Duration.ofSeconds(11)).build()));

    assertThat(error.message()).startsWith("Error: await_consumers_timeout:");
    assertThat(upstream.batchCount()).isZero();
  }

  @Test
  void upstreamFailures_mapToTheirStatuses() {
    upstream.failNext(UpstreamException.timeout("Salesforce API timed out"));
    upstream.failNext(
        UpstreamException.rateLimited("Salesforce API rate limit", Duration.ofMillis(2500)));
    upstream.failNext(UpstreamException.failed("Salesforce API error", new RuntimeException("x")));

    MutationOutcome timeout = run(contacts(1).build());
    MutationOutcome limited = run(contacts(1).build());
    MutationOutcome failed = run(contacts(1).build());

    assertThat(error(timeout).status()).isEqualTo(504);
    assertThat(error(timeout).message()).isEqualTo("Error: Salesforce API timed out");
    assertThat(error(limited).status()).isEqualTo(429);
    assertThat(((MutationOutcome.Failure) limited).retryAfter()).contains(Duration.ofMillis(2500));
    assertThat(error(failed).status()).isEqualTo(502);
    assertThat(error(failed).code()).contains(ErrorCode.UPSTREAM_ERROR);
  }

  @Test
  void partialFailure_nonAtomic_publishesExactlyWhatTheUpstreamApplied() {
    use(InMemoryUpstream.builder().atomic(false).maxBatchSize(2).build());
    upstream.failAtRecord(3, UpstreamException.validation("Salesforce validation error: `bad`"));

    MutationError error = error(run(contacts(6).build()));

    assertThat(error.code()).contains(ErrorCode.UPSTREAM_VALIDATION_ERROR);
    assertThat(error.records()).hasSize(3);
    assertThat(error.failures()).extracting(MutationError.Failure::index).containsExactly(3, 4, 5);
    assertThat(error.failures().get(0).error())
        .isEqualTo("Error: Salesforce validation error: `bad`");
    assertThat(store.size(CONTACT)).isEqualTo(3);
    assertStreamCarries(error.records());
  }

  @Test
  void partialFailure_atomicAcrossBatches_publishesTheBatchesBeforeTheFailedOne() {
    use(InMemoryUpstream.builder().atomic(true).maxBatchSize(2).build());
    upstream.failAtRecord(3, UpstreamException.failed("Salesforce API error", null));

    MutationError error = error(run(contacts(6).build()));

    assertThat(error.status()).isEqualTo(502);
    assertThat(error.records()).hasSize(2);
    assertThat(error.failures())
        .extracting(MutationError.Failure::index)
        .containsExactly(2, 3, 4, 5);
    assertThat(error.failures().get(1).error()).isEqualTo("Error: Salesforce API error");
    assertThat(store.size(CONTACT)).isEqualTo(2);
    assertStreamCarries(error.records());
  }

  @Test
  void partialFailure_withOutcomesPerRecord_publishesEveryAppliedRecord_notOnlyAPrefix() {
    InMemoryUpstream store = InMemoryUpstream.create();
    server =
        MutationServer.builder()
            .sync(
                SYNC,
                (batch, context) -> {
                  List<Record> created = store.apply(batch, context).toCompletableFuture().join();
                  if (batch.size() == 1) {
                    return CompletableFuture.completedFuture(created);
                  }
                  return CompletableFuture.failedFuture(
                      UpstreamException.validation("Salesforce validation error: `bad`")
                          .withOutcomes(
                              List.of(
                                  RecordOutcome.applied(created.get(0)),
                                  RecordOutcome.failed("Salesforce validation error: `bad`"),
                                  RecordOutcome.applied(created.get(2)))));
                },
                CONTACT)
            .consumer("recorder", recorder, CONTACT)
            .stream(stream)
            .insecureNoAuthentication()
            .build();

    MutationError error = error(run(contacts(3).build()));

    assertThat(error.records())
        .extracting(r -> r.data().get("n").toString())
        .containsExactly("0", "2");
    assertThat(error.failures())
        .containsExactly(new MutationError.Failure(1, "Error: Salesforce validation error: `bad`"));
    Record probe = records(run(contacts(1).awaitConsumers("recorder").build())).get(0);
    assertThat(recorder.records())
        .containsExactlyInAnyOrder(error.records().get(0), error.records().get(1), probe);
  }

  void assertStreamCarries(List<Record> applied) {
    // Wait for the recorder through the public path: an await on a record published after these.
    records(run(contacts(1).awaitConsumers("recorder").build()));
    List<Record> seen = new ArrayList<>(recorder.records());
    seen.removeIf(r -> !applied.contains(r));
    assertThat(seen).containsExactlyInAnyOrderElementsOf(applied);
    List<String> stored =
        applied.stream()
            .map(r -> store.get(SYNC, CONTACT, r.upstreamId()).orElseThrow().upstreamId())
            .collect(Collectors.toList());
    assertThat(stored).hasSize(applied.size());
    // Nothing beyond what was applied: the recorder saw the applied records plus the probe.
    assertThat(recorder.records()).hasSize(applied.size() + 1);
  }

  @Test
  void awaitTimeout_namesThePendingConsumersInRequestOrder_andLeavesNoWaiter() {
    PausableConsumer slowA = PausableConsumer.wrap(new InMemoryConsumer());
    PausableConsumer slowB = PausableConsumer.wrap(new InMemoryConsumer());
    server =
        builder().consumer("slow-b", slowB, CONTACT).consumer("slow-a", slowA, CONTACT).build();
    slowA.pause();
    slowB.pause();

    MutationOutcome outcome =
        run(
            contacts(2)
                .awaitConsumers(List.of("slow-b", "db", "slow-a"), Duration.ofMillis(300))
                .build());

    MutationError error = error(outcome);
    assertThat(error.status()).isEqualTo(500);
    assertThat(error.code()).contains(ErrorCode.CONSUMERS_TIMEOUT);
    assertThat(error.message()).isEqualTo("Error: Timed out waiting for consumers: slow-b, slow-a");
    assertThat(error.pendingConsumerIds()).containsExactly("slow-b", "slow-a");
    assertThat(error.records()).hasSize(2);
    assertThat(store.size(CONTACT)).isEqualTo(2);
    assertThat(server.pendingAwaits()).isZero();
    slowA.resume();
    slowB.resume();
  }

  @Test
  void consumerThatThrows_isRetried_andTheAwaitCompletesWhenItRecovers() {
    recorder.failNext(3);

    List<Record> records = records(run(contacts(1).awaitConsumers("recorder").build()));

    assertThat(recorder.calls()).isGreaterThanOrEqualTo(4);
    assertThat(recorder.records()).containsExactlyElementsOf(records);
  }

  @Test
  void fullStream_isUnavailable_beforeTheUpstream() {
    stream = InMemoryStream.builder().maxRetainedEvents(2).build();
    dbGate.pause();
    run(contacts(2).build());

    MutationOutcome outcome = run(contacts(1).build());

    assertThat(error(outcome).status()).isEqualTo(503);
    assertThat(((MutationOutcome.Failure) outcome).retryAfter()).isPresent();
    assertThat(store.size(CONTACT)).isEqualTo(2);
    dbGate.resume();
  }

  @Test
  void requestsAfterClose_areUnavailable() {
    server().close();

    MutationOutcome outcome = run(contacts(1).build());

    assertThat(error(outcome).status()).isEqualTo(503);
    assertThat(upstream.batchCount()).isZero();
  }
}
