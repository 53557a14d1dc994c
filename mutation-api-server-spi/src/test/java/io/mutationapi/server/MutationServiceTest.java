package io.mutationapi.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.await.Position;
import io.mutationapi.server.spi.Authenticator;
import io.mutationapi.server.spi.ChangeStream;
import io.mutationapi.server.spi.ConsumerProgress;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.RecordOutcome;
import io.mutationapi.server.spi.Subscription;
import io.mutationapi.server.spi.Upstream;
import io.mutationapi.server.spi.UpstreamContext;
import io.mutationapi.server.spi.UpstreamException;
import io.mutationapi.testing.FaultyUpstream;
import io.mutationapi.testing.PausableConsumer;
import io.mutationapi.testing.RecordingConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MutationServiceTest {
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
  void create_awaitingAConsumer_answersAfterTheConsumerHasTheRecord() {
    MutationOutcome outcome =
        run(
            MutationRequest.create(SYNC, CONTACT)
                .record(Map.of("FirstName", "Paul", "Email", "paul@arrakis.org"))
                .awaitConsumers("db")
                .build());

    Record created = records(outcome).get(0);
    assertThat(db.get(SYNC, CONTACT, created.upstreamId())).contains(created);
    assertThat(server.pendingAwaits()).isZero();
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
  void unknownSync_isNotFound_andNothingReachesTheUpstream() {
    MutationError error =
        error(run(MutationRequest.create("nope", CONTACT).record(Map.of()).build()));

    assertThat(error.status()).isEqualTo(404);
    assertThat(error.code()).contains(ErrorCode.NOT_FOUND);
    assertThat(error.message()).isEqualTo("Error: Unknown sync_id 'nope'");
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
  void syncThePrincipalMayNotMutate_isHidden_forBuilderTokens() {
    MutationError error =
        error(run(MutationRequest.create("other-sync", CONTACT).record(Map.of()).build()));

    assertThat(error.status()).isEqualTo(404);
    assertThat(error.message()).isEqualTo("Error: Unknown sync_id 'other-sync'");
  }

  @Test
  void syncThePrincipalMayNotMutate_isForbidden_underTheDefaultAccess() {
    server =
        MutationServer.builder()
            .sync(SYNC, upstream, CONTACT)
            .sync("other-sync", InMemoryUpstream.create(), CONTACT)
            .authenticator(token -> Optional.of(APP))
            .build();
    MutationError error =
        error(run(MutationRequest.create("other-sync", CONTACT).record(Map.of()).build()));

    assertThat(error.status()).isEqualTo(403);
    assertThat(error.code()).contains(ErrorCode.FORBIDDEN);
  }

  @Test
  void syncHiddenFromThePrincipal_isNotFound() {
    Authenticator hiding =
        new Authenticator() {
          @Override
          public Optional<Principal> authenticate(String token) {
            return Optional.of(APP);
          }

          @Override
          public Access access(Principal principal, String syncId) {
            return syncId.equals(SYNC) ? Access.MUTATE : Access.HIDDEN;
          }
        };
    server =
        MutationServer.builder()
            .sync(SYNC, upstream, CONTACT)
            .sync("other-sync", InMemoryUpstream.create(), CONTACT)
            .authenticator(hiding)
            .build();

    MutationError error =
        error(run(MutationRequest.create("other-sync", CONTACT).record(Map.of()).build()));

    assertThat(error.message()).isEqualTo("Error: Unknown sync_id 'other-sync'");
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
  void invalidEmail_isAnUpstreamValidationError() {
    MutationError error =
        error(run(MutationRequest.create(SYNC, CONTACT).record(Map.of("Email", "nope")).build()));

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.code()).contains(ErrorCode.UPSTREAM_VALIDATION_ERROR);
    assertThat(error.message()).isEqualTo("Error: Salesforce validation error: `Invalid email`");
    assertThat(error.records()).isEmpty();
  }

  @Test
  void upstreamThatThrowsSomethingUntyped_isABadGatewayWithAGenericMessage() {
    server =
        MutationServer.builder()
            .sync(
                SYNC,
                (batch, context) -> {
                  throw new IllegalStateException("secret internals");
                },
                CONTACT)
            .insecureNoAuthentication()
            .build();

    MutationOutcome outcome = run(contacts(1).build());

    assertThat(error(outcome).status()).isEqualTo(502);
    assertThat(error(outcome).message()).doesNotContain("secret");
    assertThat(((MutationOutcome.Failure) outcome).cause()).isPresent();
  }

  /** An upstream that records the thread each call runs on, blocking or not as told. */
  static final class ThreadRecordingUpstream implements Upstream {
    final InMemoryUpstream delegate = InMemoryUpstream.create();
    final boolean nonBlocking;
    final RuntimeException toThrow;
    final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();

    ThreadRecordingUpstream(boolean nonBlocking, RuntimeException toThrow) {
      this.nonBlocking = nonBlocking;
      this.toThrow = toThrow;
    }

    @Override
    public CompletionStage<List<Record>> apply(MutationRequest batch, UpstreamContext context) {
      threads.add(Thread.currentThread());
      if (toThrow != null) {
        throw toThrow;
      }
      return delegate.apply(batch, context);
    }

    @Override
    public boolean isNonBlocking() {
      return nonBlocking;
    }

    @Override
    public int maxBatchSize() {
      return 2;
    }
  }

  MutationOutcome runOnThisThread(Upstream upstream, MutationRequest request) {
    server =
        MutationServer.builder().sync(SYNC, upstream, CONTACT).insecureNoAuthentication().build();
    return server.service().run(request, Principal.ANONYMOUS).toCompletableFuture().join();
  }

  @Test
  void nonBlockingUpstream_isCalledOnTheRequestsThread_forEveryBatch() {
    ThreadRecordingUpstream upstream = new ThreadRecordingUpstream(true, null);

    MutationOutcome outcome = runOnThisThread(upstream, contacts(5).build());

    assertThat(records(outcome)).hasSize(5);
    assertThat(upstream.threads).hasSize(3).containsOnly(Thread.currentThread());
  }

  @Test
  void blockingUpstream_theDefault_isCalledOnTheUpstreamExecutor() {
    ThreadRecordingUpstream upstream = new ThreadRecordingUpstream(false, null);

    MutationOutcome outcome = runOnThisThread(upstream, contacts(3).build());

    assertThat(records(outcome)).hasSize(3);
    assertThat(upstream.threads).hasSize(2).doesNotContain(Thread.currentThread());
    assertThat(upstream.threads).allMatch(t -> t.getName().startsWith("mutation-upstream"));
  }

  @Test
  void nonBlockingUpstreamThatThrows_isABadGateway_notAnExceptionOnTheCaller() {
    ThreadRecordingUpstream upstream =
        new ThreadRecordingUpstream(true, new IllegalStateException("secret internals"));

    MutationOutcome outcome = runOnThisThread(upstream, contacts(1).build());

    assertThat(error(outcome).status()).isEqualTo(502);
    assertThat(error(outcome).message()).doesNotContain("secret");
  }

  @Test
  void nonBlockingUpstreamReturningNull_isAFailure_notAnExceptionOnTheCaller() {
    Upstream upstream =
        new Upstream() {
          @Override
          public CompletionStage<List<Record>> apply(
              MutationRequest batch, UpstreamContext context) {
            return null;
          }

          @Override
          public boolean isNonBlocking() {
            return true;
          }
        };

    MutationOutcome outcome = runOnThisThread(upstream, contacts(1).build());

    assertThat(error(outcome).status()).isEqualTo(502);
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
  void partialFailure_message_namesTheFailedRecordAndHowManyWereApplied() {
    use(InMemoryUpstream.builder().atomic(false).build());

    MutationError error =
        error(
            run(
                MutationRequest.create(SYNC, CONTACT)
                    .record(Map.of("Email", "paul@arrakis.org"))
                    .record(Map.of("Email", "not an email"))
                    .build()));

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.code()).contains(ErrorCode.UPSTREAM_VALIDATION_ERROR);
    assertThat(error.message())
        .isEqualTo(
            "Error: records[1]: Salesforce validation error: `Invalid email`"
                + " (1 of 2 records were applied; 1 was not: see failures)");
    assertThat(error.records()).hasSize(1);
    assertThat(error.failures())
        .containsExactly(
            new MutationError.Failure(1, "Error: Salesforce validation error: `Invalid email`"));
  }

  @Test
  void partialFailure_ofADelete_namesTheUpstreamIdsPath() {
    use(InMemoryUpstream.builder().atomic(false).build());
    Record kept = records(run(contacts(1).build())).get(0);

    MutationError error =
        error(
            run(
                MutationRequest.delete(SYNC, CONTACT)
                    .upstreamIds(kept.upstreamId(), "003nope")
                    .build()));

    assertThat(error.message())
        .startsWith("Error: upstream_ids[1]: ")
        .endsWith("(1 of 2 records were applied; 1 was not: see failures)");
  }

  @Test
  void failure_ofAnAtomicUpstream_appliesNothing_andNamesTheFailedRecord() {
    // The default in-memory upstream is atomic, as Salesforce with allOrNone.
    MutationError error =
        error(
            run(
                MutationRequest.create(SYNC, CONTACT)
                    .record(Map.of("Email", "paul@arrakis.org"))
                    .record(Map.of("Email", "not an email"))
                    .build()));

    assertThat(upstream.isAtomic()).isTrue();
    assertThat(error.message())
        .isEqualTo(
            "Error: records[1]: Salesforce validation error: `Invalid email`"
                + " (0 of 2 records were applied; 2 were not: see failures)");
    assertThat(error.records()).isEmpty();
    assertThat(store.size(CONTACT)).isZero();
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
  void fullUpstreamExecutor_isUnavailable() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    ThreadPoolExecutor one =
        new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new SynchronousQueue<>());
    server =
        MutationServer.builder()
            .sync(
                SYNC,
                (batch, context) -> {
                  entered.countDown();
                  try {
                    release.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return InMemoryUpstream.create().apply(batch, context);
                },
                CONTACT)
            .upstreamExecutor(one)
            .insecureNoAuthentication()
            .build();
    CompletableFuture<MutationOutcome> first =
        server.service().run(contacts(1).build(), APP).toCompletableFuture();
    entered.await();

    MutationOutcome second = run(contacts(1).build());
    release.countDown();

    assertThat(error(second).status()).isEqualTo(503);
    assertThat(records(first.get(10, TimeUnit.SECONDS))).hasSize(1);
    one.shutdown();
  }

  @Test
  void streamThatFailsToPublish_isUnavailable_thatStillNamesWhatTheUpstreamApplied() {
    ChangeStream broken =
        new ChangeStream() {
          @Override
          public void start(List<Subscription> subscriptions, ConsumerProgress progress) {}

          @Override
          public CompletionStage<List<Position>> publish(List<Record> records) {
            return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
          }
        };
    server =
        MutationServer.builder().sync(SYNC, upstream, CONTACT).stream(broken)
            .insecureNoAuthentication()
            .build();

    MutationError error = error(run(contacts(2).build()));

    assertThat(error.status()).isEqualTo(503);
    assertThat(error.code()).contains(ErrorCode.UNAVAILABLE);
    assertThat(error.records()).hasSize(2);
    assertThat(error.message()).contains("not published").doesNotContain("broker");
  }

  @Test
  void requestsAfterClose_areUnavailable() {
    server().close();

    MutationOutcome outcome = run(contacts(1).build());

    assertThat(error(outcome).status()).isEqualTo(503);
    assertThat(upstream.batchCount()).isZero();
  }

  @Test
  void unexpectedException_isAGenericInternalError_withTheCauseKeptForTheLog() {
    server =
        MutationServer.builder()
            .sync(SYNC, upstream, CONTACT)
            .authenticator(
                new Authenticator() {
                  @Override
                  public Optional<Principal> authenticate(String token) {
                    return Optional.of(APP);
                  }

                  @Override
                  public Access access(Principal principal, String syncId) {
                    throw new IllegalStateException("hook exploded");
                  }
                })
            .build();

    MutationOutcome outcome = run(contacts(1).build());

    assertThat(error(outcome).code()).contains(ErrorCode.INTERNAL_ERROR);
    assertThat(error(outcome).message()).isEqualTo("Error: Internal server error");
    assertThat(((MutationOutcome.Failure) outcome).cause().orElseThrow())
        .hasMessage("hook exploded");
  }
}
