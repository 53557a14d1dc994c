package io.mutationapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mutationapi.ConsistencyToken;
import io.mutationapi.ErrorCode;
import io.mutationapi.server.InMemoryConsumer;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.testing.PausableConsumer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Write without waiting, then wait where you read: the client against our embedded server. */
@Timeout(60)
class ConsistencyTokenEndToEndTest {
  private static final String SYNC = "my-sync-id";
  private static final String CONTACT = "salesforce:contact";
  private static final Duration LONG = Duration.ofSeconds(30);

  private final InMemoryConsumer db = new InMemoryConsumer();
  private final PausableConsumer consumer = PausableConsumer.wrap(db);
  private MutationServer server;
  private MutationClient client;
  private MutationClient peer;

  @BeforeEach
  void start() {
    server =
        MutationServer.builder()
            .sync(SYNC, InMemoryUpstream.create(), CONTACT)
            .consumer("db", consumer, CONTACT)
            .bearerTokens(
                Map.of(
                    "app-token",
                    Principal.of("app", SYNC),
                    "peer-token",
                    Principal.of("peer", SYNC)))
            .build();
    String url = "http://127.0.0.1:" + MutationHttpServer.listenOnLoopback(server, 0).port();
    client = MutationClient.builder().baseUrl(url).apiToken("app-token").build();
    peer = MutationClient.builder().baseUrl(url).apiToken("peer-token").build();
  }

  @AfterEach
  void stop() {
    consumer.resume();
    client.close();
    peer.close();
    server.close();
  }

  private MutationResponse create() {
    return client
        .mutations()
        .create(SYNC, CONTACT)
        .record(Map.of("LastName", "Atreides"))
        .withRawResponse()
        .execute();
  }

  @Test
  void createWithoutAwait_returnsAToken_andAwait_returnsOnceTheConsumerHasTheRecord()
      throws Exception {
    consumer.pause();
    MutationResponse created = create();
    ConsistencyToken token = created.consistencyToken().orElseThrow();
    assertThat(created.result().consistencyToken()).contains(token);

    CompletableFuture<Void> sync =
        CompletableFuture.runAsync(() -> client.consumers().await(token, List.of("db"), LONG));
    CompletableFuture<Void> async = client.consumers().awaitAsync(token, List.of("db"), LONG);
    Thread.sleep(100);
    assertThat(sync).isNotDone();
    assertThat(async).isNotDone();
    consumer.resume();

    sync.get(20, TimeUnit.SECONDS);
    async.get(20, TimeUnit.SECONDS);
    assertThat(db.get(SYNC, CONTACT, created.result().record().upstreamId())).isPresent();
  }

  @Test
  void await_ofMergedTokens_ofSeveralCreates_returnsOnceAllAreProcessed() {
    ConsistencyToken session =
        ConsistencyToken.merge(
            create().consistencyToken().orElseThrow(), create().consistencyToken().orElseThrow());

    client.consumers().await(session, List.of("db"), LONG);

    assertThat(db.records()).hasSize(2);
  }

  @Test
  void await_timingOut_throwsConsumersTimeoutException_syncAndAsync() {
    consumer.pause();
    ConsistencyToken token = create().consistencyToken().orElseThrow();

    assertThatThrownBy(() -> client.consumers().await(token, List.of("db"), Duration.ofMillis(50)))
        .isInstanceOfSatisfying(
            ConsumersTimeoutException.class,
            e -> {
              assertThat(e.pendingConsumerIds()).containsExactly("db");
              assertThat(e.errorMessage()).isEqualTo("Error: Timed out waiting for consumers: db");
            });
    assertThat(client.consumers().awaitAsync(token, List.of("db"), Duration.ofMillis(50)))
        .failsWithin(Duration.ofSeconds(20))
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(ConsumersTimeoutException.class);
  }

  @Test
  void createAwaitTimeout_carriesTheToken_forALaterAwait() {
    consumer.pause();
    ConsumersTimeoutException timeout =
        (ConsumersTimeoutException)
            catchThrowable(
                () ->
                    client
                        .mutations()
                        .create(SYNC, CONTACT)
                        .record(Map.of("LastName", "Atreides"))
                        .awaitConsumers(List.of("db"), Duration.ofMillis(50))
                        .execute());
    ConsistencyToken token = timeout.consistencyToken().orElseThrow();
    consumer.resume();

    client.consumers().await(token, List.of("db"), LONG);

    assertThat(db.records()).hasSize(1);
  }

  @Test
  void await_ofAnotherPrincipalsToken_orAnUnknownConsumer_throwsBadRequest() {
    ConsistencyToken token = create().consistencyToken().orElseThrow();

    assertThatThrownBy(() -> peer.consumers().await(token, List.of("db"), LONG))
        .isInstanceOfSatisfying(
            BadRequestException.class,
            e -> {
              assertThat(e.code()).contains(ErrorCode.VALIDATION_ERROR);
              assertThat(e.errorMessage())
                  .isEqualTo("Error: consistency_token: not valid for this server and principal");
            });
    assertThatThrownBy(() -> client.consumers().await(token, List.of("db", "nope"), LONG))
        .isInstanceOfSatisfying(
            BadRequestException.class,
            e -> assertThat(e.code()).contains(ErrorCode.UNKNOWN_CONSUMER));
    assertThatThrownBy(() -> client.consumers().await(token, List.of(), LONG))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
