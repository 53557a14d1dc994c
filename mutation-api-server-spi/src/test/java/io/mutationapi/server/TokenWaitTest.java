package io.mutationapi.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.ConsistencyToken;
import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.internal.WaitRequest;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.PullOutcome;
import io.mutationapi.server.spi.PullRequest;
import io.mutationapi.server.spi.WaitOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code MutationService.await}: waiting in process for a mutation's consistency token. */
class TokenWaitTest {
  static final String SYNC = "my-sync-id";
  static final String CONTACT = "salesforce:contact";
  static final String TASK = "salesforce:task";
  static final Principal APP = Principal.of("app", SYNC);
  static final Duration LONG = Duration.ofSeconds(60);

  final InMemoryConsumer db = new InMemoryConsumer();

  /** Completed to let the consumer process what it was given; replaced to hold it again. */
  volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

  final Consumer held = batch -> gate.thenCompose(ignored -> db.process(batch));
  final List<MutationServer> servers = new ArrayList<>();
  MutationServer server;

  MutationServer.Builder builder() {
    return MutationServer.builder()
        .sync(SYNC, InMemoryUpstream.create(), CONTACT, TASK)
        .sync("other-sync", InMemoryUpstream.create(), "other:thing")
        .consumer("db", held, CONTACT)
        .consumer("other-db", new InMemoryConsumer(), "other:thing")
        .bearerTokens(Map.of("app-token", APP, "peer-token", Principal.of("peer", SYNC)));
  }

  MutationServer start(MutationServer.Builder builder) {
    MutationServer s = builder.build();
    servers.add(s);
    return s;
  }

  @AfterEach
  void close() {
    gate.complete(null);
    servers.forEach(MutationServer::close);
  }

  static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
  }

  ConsistencyToken create(MutationServer s, String collection) {
    MutationOutcome outcome =
        join(
            s.service()
                .run(
                    MutationRequest.create(SYNC, collection)
                        .record(Map.of("LastName", "A"))
                        .build(),
                    APP));
    assertThat(outcome).isInstanceOf(MutationOutcome.Success.class);
    return ((MutationOutcome.Success) outcome).result().consistencyToken().orElseThrow();
  }

  static MutationError failure(WaitOutcome outcome) {
    assertThat(outcome).isInstanceOf(WaitOutcome.Failure.class);
    return ((WaitOutcome.Failure) outcome).error();
  }

  @Test
  void await_ofACreatesToken_answersOnceTheConsumerProcessedIt() {
    server = start(builder());
    gate = new CompletableFuture<>();
    ConsistencyToken token = create(server, CONTACT);

    CompletableFuture<WaitOutcome> waiting =
        server.service().await(token, List.of("db"), LONG, APP).toCompletableFuture();

    assertThat(waiting).isNotDone();
    assertThat(server.pendingAwaits()).isEqualTo(1);
    gate.complete(null);
    assertThat(join(waiting)).isEqualTo(new WaitOutcome.Reached(List.of("db")));
    assertThat(db.records()).hasSize(1);
    assertThat(server.pendingAwaits()).isZero();
  }

  @Test
  void await_ofAReachedToken_answersAtOnce_withoutRegisteringAWaiter() {
    server = start(builder());
    ConsistencyToken token = create(server, CONTACT);
    join(server.service().await(token, List.of("db"), LONG, APP));

    CompletableFuture<WaitOutcome> again =
        server.service().await(token, List.of("db", "db"), LONG, APP).toCompletableFuture();

    assertThat(again).isCompletedWithValue(new WaitOutcome.Reached(List.of("db")));
    assertThat(server.pendingAwaits()).isZero();
  }

  @Test
  void await_ofATokenOfACollectionTheConsumerSkips_completes() {
    server = start(builder());
    ConsistencyToken task = create(server, TASK);

    assertThat(join(server.service().await(task, List.of("db"), LONG, APP)))
        .isInstanceOf(WaitOutcome.Reached.class);
    assertThat(db.records()).isEmpty();
  }

  @Test
  void await_ofMergedTokens_waitsForEveryPartition() {
    server = start(builder().stream(InMemoryStream.builder().partitions(8).build()));
    gate = new CompletableFuture<>();
    List<ConsistencyToken> tokens = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      tokens.add(create(server, CONTACT));
    }
    ConsistencyToken session = ConsistencyToken.merge(tokens);
    assertThat(session.positions().size()).isGreaterThan(1);

    CompletableFuture<WaitOutcome> waiting =
        server.service().await(session, List.of("db"), LONG, APP).toCompletableFuture();
    gate.complete(null);

    assertThat(join(waiting)).isInstanceOf(WaitOutcome.Reached.class);
    assertThat(db.records()).hasSize(20);
  }

  @Test
  void await_onAnHttpConsumer_answersOnceAWorkerAckedTheRecord() {
    server = start(builder().httpConsumer("worker", CONTACT));
    ConsistencyToken token = create(server, CONTACT);
    CompletableFuture<WaitOutcome> waiting =
        server.service().await(token, List.of("worker"), LONG, APP).toCompletableFuture();

    PullOutcome.Pulled pulled =
        (PullOutcome.Pulled)
            join(
                server
                    .consumeService()
                    .next("worker", new PullRequest(10, Duration.ofSeconds(5)), APP));
    assertThat(pulled.messages()).hasSize(1);
    assertThat(waiting).isNotDone();
    server.consumeService().ack("worker", List.of(pulled.messages().get(0).ackToken()), APP);

    assertThat(join(waiting)).isEqualTo(new WaitOutcome.Reached(List.of("worker")));
  }

  @Test
  void await_timingOut_answersConsumersTimeoutNamingThePendingConsumers() {
    server = start(builder());
    gate = new CompletableFuture<>();
    ConsistencyToken token = create(server, CONTACT);

    MutationError error =
        failure(join(server.service().await(token, List.of("db"), Duration.ofMillis(50), APP)));

    assertThat(error.code()).contains(ErrorCode.CONSUMERS_TIMEOUT);
    assertThat(error.status()).isEqualTo(500);
    assertThat(error.message()).isEqualTo("Error: Timed out waiting for consumers: db");
    assertThat(error.pendingConsumerIds()).containsExactly("db");
    assertThat(server.pendingAwaits()).isZero();
  }

  @Test
  void mutationAwaitTimeout_carriesTheToken_whichALaterWaitReaches() {
    server = start(builder());
    gate = new CompletableFuture<>();
    MutationOutcome outcome =
        join(
            server
                .service()
                .run(
                    MutationRequest.create(SYNC, CONTACT)
                        .record(Map.of("LastName", "A"))
                        .awaitConsumers(List.of("db"), Duration.ofMillis(30))
                        .build(),
                    APP));
    MutationError timeout = ((MutationOutcome.Failure) outcome).error();
    assertThat(timeout.code()).contains(ErrorCode.CONSUMERS_TIMEOUT);
    ConsistencyToken token = timeout.consistencyToken().orElseThrow();

    gate.complete(null);

    assertThat(join(server.service().await(token, List.of("db"), LONG, APP)))
        .isInstanceOf(WaitOutcome.Reached.class);
  }

  @Test
  void await_ofATamperedToken_isRefused_whateverBitChanged() {
    server = start(builder());
    ConsistencyToken token = create(server, CONTACT);
    byte[] bytes = Base64.getUrlDecoder().decode(token.value());
    int refusedAsMalformed = 0;
    for (int bit = 0; bit < bytes.length * 8; bit++) {
      byte[] flipped = bytes.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      ConsistencyToken tampered;
      try {
        tampered =
            ConsistencyToken.parse(Base64.getUrlEncoder().withoutPadding().encodeToString(flipped));
      } catch (IllegalArgumentException malformed) {
        refusedAsMalformed++;
        continue;
      }
      assertNotValid(server.service().await(tampered, List.of("db"), LONG, APP));
    }
    assertThat(refusedAsMalformed).isLessThan(bytes.length * 8);
  }

  @Test
  void await_ofAnotherPrincipalsToken_isRefused() {
    server = start(builder());
    ConsistencyToken token = create(server, CONTACT);

    assertNotValid(server.service().await(token, List.of("db"), LONG, Principal.of("peer", SYNC)));
  }

  @Test
  void await_ofATokenOfAServerWithAnotherKey_isRefused_andWithTheSameKey_isAccepted() {
    byte[] key = new byte[32];
    key[0] = 7;
    server = start(builder().consistencyTokenKey(key));
    ConsistencyToken token = create(server, CONTACT);
    MutationServer foreign = start(builder());
    MutationServer sameKey = start(builder().consistencyTokenKey(key.clone()));

    assertNotValid(foreign.service().await(token, List.of("db"), LONG, APP));
    // Accepted: its own stream has not got that far, so it waits, and times out.
    assertThat(
            failure(join(sameKey.service().await(token, List.of("db"), Duration.ofMillis(20), APP)))
                .code())
        .contains(ErrorCode.CONSUMERS_TIMEOUT);
  }

  @Test
  void await_ofAnUnknownOrHiddenConsumer_isUnknownConsumer() {
    server = start(builder());
    ConsistencyToken token = create(server, CONTACT);

    for (String id : List.of("nope", "other-db")) {
      MutationError error =
          failure(join(server.service().await(token, List.of("db", id), LONG, APP)));
      assertThat(error.code()).contains(ErrorCode.UNKNOWN_CONSUMER);
      assertThat(error.message()).isEqualTo("Error: unknown consumer '" + id + "'");
    }
  }

  @Test
  void await_withATimeoutOutOfBounds_isAValidationError() {
    server = start(builder().maxAwaitTimeout(Duration.ofSeconds(5)));
    ConsistencyToken token = create(server, CONTACT);

    MutationError error =
        failure(join(server.service().await(token, List.of("db"), Duration.ofSeconds(6), APP)));

    assertThat(error.code()).contains(ErrorCode.VALIDATION_ERROR);
    assertThat(error.detail())
        .isEqualTo("timeout: must be between 1 and 5000 milliseconds, found 6000");
  }

  @Test
  void tenThousandTokenWaits_holdNoThreadEach_andAllAnswerOnceTheConsumerCatchesUp() {
    int waits = 10_000;
    server = start(builder().maxPendingAwaits(waits));
    gate = new CompletableFuture<>();
    ConsistencyToken token = create(server, CONTACT);
    int threadsBefore = Thread.getAllStackTraces().size();

    List<CompletableFuture<WaitOutcome>> waiting = new ArrayList<>(waits);
    for (int i = 0; i < waits; i++) {
      waiting.add(server.service().await(token, List.of("db"), LONG, APP).toCompletableFuture());
    }

    assertThat(server.pendingAwaits()).isEqualTo(waits);
    assertThat(Thread.getAllStackTraces().size())
        .as("threads while 10,000 token waits are held")
        .isLessThanOrEqualTo(threadsBefore + 2);
    gate.complete(null);
    CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new))
        .orTimeout(60, TimeUnit.SECONDS)
        .join();
    assertThat(waiting)
        .allSatisfy(w -> assertThat(w.join()).isInstanceOf(WaitOutcome.Reached.class));
    assertThat(server.pendingAwaits()).isZero();
  }

  @Test
  void tokenWaitsBeyondMaxPendingAwaits_areRefusedWith503() {
    server = start(builder().maxPendingAwaits(1));
    gate = new CompletableFuture<>();
    ConsistencyToken token = create(server, CONTACT);
    server.service().await(token, List.of("db"), LONG, APP);

    WaitOutcome.Failure second =
        (WaitOutcome.Failure) join(server.service().await(token, List.of("db"), LONG, APP));

    assertThat(second.error().code()).contains(ErrorCode.UNAVAILABLE);
    assertThat(second.retryAfter()).contains(Duration.ofSeconds(1));
    assertThat(server.pendingAwaits()).isEqualTo(1);
  }

  static void assertNotValid(CompletionStage<WaitOutcome> stage) {
    MutationError error = failure(join(stage));
    assertThat(error.status()).isEqualTo(400);
    assertThat(error.code()).contains(ErrorCode.VALIDATION_ERROR);
    assertThat(error.detail()).isEqualTo(WaitRequest.TOKEN_NOT_VALID);
  }
}
