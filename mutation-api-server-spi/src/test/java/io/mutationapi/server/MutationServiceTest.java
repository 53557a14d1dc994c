package io.mutationapi.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.await.Position;
import io.mutationapi.server.http.HandlerRequest;
import io.mutationapi.server.http.HandlerResponse;
import io.mutationapi.server.http.MutationHttpHandler;
import io.mutationapi.server.spi.Authenticator;
import io.mutationapi.server.spi.ChangeStream;
import io.mutationapi.server.spi.ConsumerProgress;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.Subscription;
import io.mutationapi.server.spi.Upstream;
import io.mutationapi.server.spi.UpstreamContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine in process with the in-memory upstream, stream and consumer: routing, access,
 * validation, error mapping and where upstream calls run. The same engine under injected faults
 * (failing upstream, held or failing consumers) is tested in fault-tests' {@code
 * MutationServiceFaultTest}.
 */
class MutationServiceTest {
  static final String SYNC = "my-sync-id";
  static final String CONTACT = "salesforce:contact";
  static final String TASK = "salesforce:task";
  static final Principal APP = Principal.of("app", SYNC);

  InMemoryUpstream store = InMemoryUpstream.create();
  final InMemoryConsumer db = new InMemoryConsumer();
  InMemoryStream stream =
      InMemoryStream.builder().retryBackoff(Duration.ofMillis(5), Duration.ofMillis(20)).build();
  MutationServer server;

  MutationServer.Builder builder() {
    return MutationServer.builder()
        .sync(SYNC, store, CONTACT, TASK)
        .sync("other-sync", InMemoryUpstream.create(), CONTACT)
        .consumer("db", db, CONTACT)
        .stream(stream)
        .bearerToken("secret", APP);
  }

  void use(InMemoryUpstream upstream) {
    this.store = upstream;
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
  void create_awaitingAnInMemoryConsumer_isAnsweredOnTheCallersThread_beforeRunReturns() {
    MutationRequest request =
        MutationRequest.create(SYNC, CONTACT).record(Map.of("n", 1)).awaitConsumers("db").build();
    server().service().run(contacts(1).build(), APP).toCompletableFuture().join();

    CompletableFuture<MutationOutcome> outcome =
        server().service().run(request, APP).toCompletableFuture();

    assertThat(outcome).isDone();
    Record created = records(outcome.join()).get(0);
    assertThat(db.get(SYNC, CONTACT, created.upstreamId())).contains(created);
    assertThat(server.pendingAwaits()).isZero();
  }

  @Test
  void httpCreate_awaitingAnInMemoryConsumer_isAnsweredBeforeHandleReturns() {
    String body =
        "{\"kind\":\"create\",\"sync_id\":\""
            + SYNC
            + "\",\"collection_id\":\""
            + CONTACT
            + "\",\"records\":[{\"data\":{\"n\":1}}],\"await_consumer_ids\":[\"db\"]}";
    HandlerRequest request =
        new HandlerRequest(
            "POST",
            MutationHttpHandler.PATH,
            Map.of(
                "Authorization", List.of("Bearer secret"),
                "Content-Type", List.of("application/json")),
            new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));

    CompletableFuture<HandlerResponse> response =
        server().httpHandler().handle(request).toCompletableFuture();

    assertThat(response).isDone();
    assertThat(response.join().status()).isEqualTo(200);
    assertThat(db.records()).hasSize(1);
  }

  @Test
  void create_awaitingABlockingConsumer_isAnsweredOffTheConsumersThread() {
    List<String> answeredOn = new CopyOnWriteArrayList<>();
    server =
        MutationServer.builder()
            .sync(SYNC, store, CONTACT)
            .consumer("slow", batch -> CompletableFuture.completedFuture(null), CONTACT)
            .insecureNoAuthentication()
            .build();
    MutationRequest request =
        MutationRequest.create(SYNC, CONTACT).record(Map.of("n", 1)).awaitConsumers("slow").build();

    MutationOutcome outcome =
        server
            .service()
            .run(request, Principal.ANONYMOUS)
            .thenApply(
                o -> {
                  answeredOn.add(Thread.currentThread().getName());
                  return o;
                })
            .toCompletableFuture()
            .orTimeout(20, TimeUnit.SECONDS)
            .join();

    assertThat(records(outcome)).hasSize(1);
    assertThat(answeredOn).noneMatch(name -> name.startsWith("mutation-consumer"));
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
            .sync(SYNC, store, CONTACT)
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
            .sync(SYNC, store, CONTACT)
            .sync("other-sync", InMemoryUpstream.create(), CONTACT)
            .authenticator(hiding)
            .build();

    MutationError error =
        error(run(MutationRequest.create("other-sync", CONTACT).record(Map.of()).build()));

    assertThat(error.message()).isEqualTo("Error: Unknown sync_id 'other-sync'");
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

    assertThat(store.isAtomic()).isTrue();
    assertThat(error.message())
        .isEqualTo(
            "Error: records[1]: Salesforce validation error: `Invalid email`"
                + " (0 of 2 records were applied; 2 were not: see failures)");
    assertThat(error.records()).isEmpty();
    assertThat(store.size(CONTACT)).isZero();
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
        MutationServer.builder().sync(SYNC, store, CONTACT).stream(broken)
            .insecureNoAuthentication()
            .build();

    MutationError error = error(run(contacts(2).build()));

    assertThat(error.status()).isEqualTo(503);
    assertThat(error.code()).contains(ErrorCode.UNAVAILABLE);
    assertThat(error.records()).hasSize(2);
    assertThat(error.message()).contains("not published").doesNotContain("broker");
  }

  @Test
  void unexpectedException_isAGenericInternalError_withTheCauseKeptForTheLog() {
    server =
        MutationServer.builder()
            .sync(SYNC, store, CONTACT)
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
