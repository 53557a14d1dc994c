package io.mutationapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mutationapi.ErrorCode;
import io.mutationapi.Record;
import io.mutationapi.server.InMemoryConsumer;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.testing.PausableConsumer;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against our embedded server over loopback HTTP: read your writes, end to end. */
class EndToEndTest {
  private static final String SYNC = "my-sync-id";
  private static final String CONTACT = "salesforce:contact";
  private static final String TOKEN = "e2e-token";

  private final InMemoryConsumer db = new InMemoryConsumer();
  private final PausableConsumer dbGate = PausableConsumer.wrap(db);
  private final InMemoryUpstream salesforce = InMemoryUpstream.create();
  private MutationServer server;
  private MutationClient client;

  @BeforeEach
  void start() {
    server =
        MutationServer.builder()
            .sync(SYNC, salesforce, CONTACT)
            .consumer("local-db", dbGate, CONTACT)
            .bearerToken(TOKEN, Principal.of("app", SYNC))
            .build();
    MutationHttpServer http = MutationHttpServer.listenOnLoopback(server, 0);
    client =
        MutationClient.builder().baseUrl("http://127.0.0.1:" + http.port()).apiToken(TOKEN).build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private Map<String, Object> dbData(String upstreamId) {
    return db.get(SYNC, CONTACT, upstreamId).orElseThrow().data();
  }

  @Test
  void createUpdateDelete_awaitingTheConsumer_readTheirWrites() {
    Record created =
        client
            .mutations()
            .create(SYNC, CONTACT)
            .record(
                Map.of("FirstName", "Paul", "LastName", "Atreides", "Email", "paul@arrakis.org"))
            .awaitConsumers("local-db")
            .execute()
            .record();
    assertThat(dbData(created.upstreamId())).containsEntry("LastName", "Atreides");

    Map<String, Object> patch = new LinkedHashMap<>();
    patch.put("Email", null);
    patch.put("Title", "Duke");
    Record updated =
        client
            .mutations()
            .update(SYNC, CONTACT)
            .record(created.upstreamId(), patch)
            .awaitConsumers("local-db")
            .execute()
            .record();
    assertThat(updated.data())
        .containsEntry("FirstName", "Paul")
        .containsEntry("Email", null)
        .containsEntry("Title", "Duke");
    assertThat(dbData(created.upstreamId()))
        .containsEntry("Email", null)
        .containsEntry("Title", "Duke");

    Record deleted =
        client
            .mutations()
            .delete(SYNC, CONTACT)
            .upstreamIds(created.upstreamId())
            .awaitConsumers("local-db")
            .execute()
            .record();
    assertThat(deleted.deleted()).isTrue();
    assertThat(db.get(SYNC, CONTACT, created.upstreamId()).map(Record::deleted).orElse(true))
        .isTrue();
  }

  @Test
  void awaitTimeout_saysTheMutationWasAppliedAndNamesThePendingConsumer() {
    dbGate.pause();
    try {
      ConsumersTimeoutException e =
          catchThrowableOfType(
              ConsumersTimeoutException.class,
              () ->
                  client
                      .mutations()
                      .create(SYNC, CONTACT)
                      .record(Map.of("LastName", "Idaho"))
                      .awaitConsumers(List.of("local-db"), Duration.ofMillis(300))
                      .execute());
      assertThat(e.code()).contains(ErrorCode.CONSUMERS_TIMEOUT);
      assertThat(e.pendingConsumerIds()).containsExactly("local-db");
      assertThat(e.records()).hasSize(1);
      assertThat(e.requestId()).isPresent();
    } finally {
      dbGate.resume();
    }
  }

  @Test
  void sameIdempotencyKey_createsOnce() {
    String first =
        client
            .mutations()
            .create(SYNC, CONTACT)
            .record(Map.of("LastName", "Idaho"))
            .idempotencyKey("create-duncan")
            .execute()
            .record()
            .upstreamId();
    String second =
        client
            .mutations()
            .create(SYNC, CONTACT)
            .record(Map.of("LastName", "Idaho"))
            .idempotencyKey("create-duncan")
            .execute()
            .record()
            .upstreamId();
    assertThat(second).isEqualTo(first);
  }

  @Test
  void lostResponse_isRetriedWithTheSameKeyAndTheRecordIsCreatedOnce() {
    AtomicBoolean loseNext = new AtomicBoolean(true);
    OkHttpClient lossy =
        new OkHttpClient.Builder()
            .addNetworkInterceptor(
                chain -> {
                  Response response = chain.proceed(chain.request());
                  if (loseNext.getAndSet(false)) {
                    response.close();
                    throw new IOException("response lost on the way back (test)");
                  }
                  return response;
                })
            .build();
    try (MutationClient retrying = client.withOptions(o -> o.okHttpClient(lossy))) {
      Record created =
          retrying
              .mutations()
              .create(SYNC, CONTACT)
              .record(Map.of("LastName", "Harkonnen"))
              .awaitConsumers("local-db")
              .execute()
              .record();

      assertThat(loseNext).isFalse();
      assertThat(salesforce.size(CONTACT)).isEqualTo(1);
      assertThat(dbData(created.upstreamId())).containsEntry("LastName", "Harkonnen");
    } finally {
      lossy.dispatcher().executorService().shutdown();
      lossy.connectionPool().evictAll();
    }
  }

  @Test
  void serverErrors_arriveAsTypedExceptions() {
    assertThat(
            catchThrowableOfType(
                UnauthorizedException.class,
                () ->
                    client
                        .withOptions(o -> o.apiToken("wrong"))
                        .mutations()
                        .delete(SYNC, CONTACT)
                        .upstreamIds("x")
                        .execute()))
        .isNotNull();
    BadRequestException invalid =
        catchThrowableOfType(
            BadRequestException.class,
            () ->
                client.mutations().create(SYNC, CONTACT).record(Map.of("Email", "bad")).execute());
    assertThat(invalid.code()).contains(ErrorCode.UPSTREAM_VALIDATION_ERROR);
    BadRequestException unknown =
        catchThrowableOfType(
            BadRequestException.class,
            () ->
                client
                    .mutations()
                    .create(SYNC, CONTACT)
                    .record(Map.of("a", 1))
                    .awaitConsumers("nobody")
                    .execute());
    assertThat(unknown.code()).contains(ErrorCode.UNKNOWN_CONSUMER);
    assertThat(
            catchThrowableOfType(
                NotFoundException.class,
                () -> client.mutations().create("other", CONTACT).record(Map.of("a", 1)).execute()))
        .isNotNull();
  }
}
