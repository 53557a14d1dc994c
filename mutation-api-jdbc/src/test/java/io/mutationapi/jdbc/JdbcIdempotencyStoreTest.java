package io.mutationapi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.http.HandlerRequest;
import io.mutationapi.server.http.HandlerResponse;
import io.mutationapi.server.spi.IdempotencyStore.Claim;
import io.mutationapi.server.spi.IdempotencyStore.StoredHttpResponse;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.testing.FaultyUpstream;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC idempotency store on a real PostgreSQL server. */
class JdbcIdempotencyStoreTest {
  @RegisterExtension static final PostgresExtension POSTGRES = new PostgresExtension();
  private static final AtomicInteger TABLES = new AtomicInteger();

  private static final byte[] A = {1, 2, 3};
  private static final byte[] B = {4, 5, 6};

  /** A clock the test moves. */
  static final class MovingClock extends Clock {
    volatile Instant now = Instant.parse("2026-11-28T06:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final MovingClock clock = new MovingClock();
  private JdbcIdempotencyStore store;

  @BeforeEach
  void create() throws SQLException {
    store = builder().build();
    store.createTableIfNotExists();
  }

  private String tableName;

  private JdbcIdempotencyStore.Builder builder() {
    tableName = "idem_" + TABLES.incrementAndGet() + "_" + System.nanoTime() % 100_000;
    return JdbcIdempotencyStore.builder(POSTGRES.dataSource()).table(tableName).clock(clock);
  }

  private Claim claim(String scope, String key, byte[] digest) {
    return store.claim(scope, key, digest).toCompletableFuture().join();
  }

  private void finish(String scope, String key, StoredHttpResponse response) {
    store.finish(scope, key, Optional.ofNullable(response)).toCompletableFuture().join();
  }

  @Test
  void aKeyIsAcquiredOnce_runsOnce_thenReplaysByteForByte() {
    assertThat(claim("s", "k", A)).isInstanceOf(Claim.Acquired.class);
    assertThat(claim("s", "k", A)).isInstanceOf(Claim.InProgress.class);
    assertThat(claim("s", "k", B)).isInstanceOf(Claim.Mismatch.class);

    byte[] body = "{\"records\":[]}\u00e9".getBytes(StandardCharsets.UTF_8);
    finish("s", "k", new StoredHttpResponse(200, body));

    Claim replay = claim("s", "k", A);
    assertThat(replay).isInstanceOf(Claim.Completed.class);
    assertThat(((Claim.Completed) replay).response().status()).isEqualTo(200);
    assertThat(((Claim.Completed) replay).response().body()).isEqualTo(body);
    assertThat(claim("s", "k", B)).isInstanceOf(Claim.Mismatch.class);
  }

  @Test
  void keysAreScoped_soOneCallerNeverSeesAnothersResponse() {
    assertThat(claim("alice", "k", A)).isInstanceOf(Claim.Acquired.class);
    finish("alice", "k", new StoredHttpResponse(200, A));

    assertThat(claim("bob", "k", A)).isInstanceOf(Claim.Acquired.class);
  }

  @Test
  void finishingWithoutAResponse_freesTheKey() {
    assertThat(claim("s", "k", A)).isInstanceOf(Claim.Acquired.class);
    finish("s", "k", null);

    assertThat(claim("s", "k", B)).isInstanceOf(Claim.Acquired.class);
  }

  @Test
  void afterTheRetention_theKeyIsNew_andPurgeDeletesOldRows() throws SQLException {
    claim("s", "k", A);
    finish("s", "k", new StoredHttpResponse(200, A));
    claim("s", "old", A);
    finish("s", "old", new StoredHttpResponse(200, A));

    clock.now = clock.now.plus(Duration.ofHours(23));
    assertThat(claim("s", "k", A)).isInstanceOf(Claim.Completed.class);
    clock.now = clock.now.plus(Duration.ofHours(2));
    assertThat(claim("s", "k", B)).isInstanceOf(Claim.Acquired.class);
    assertThat(store.purgeExpired()).isEqualTo(1);
  }

  @Test
  void anAbandonedClaim_isNeverTakenAgain_untilTheRetentionForgetsIt() throws SQLException {
    store = builder().abandonedAfter(Duration.ofMinutes(10)).build();
    store.createTableIfNotExists();
    assertThat(claim("s", "k", A)).isInstanceOf(Claim.Acquired.class);

    clock.now = clock.now.plus(Duration.ofMinutes(9));
    assertThat(claim("s", "k", A)).isInstanceOf(Claim.InProgress.class);
    clock.now = clock.now.plus(Duration.ofMinutes(2));
    assertThat(claim("s", "k", A)).isInstanceOf(Claim.Abandoned.class);
    assertThat(claim("s", "k", A)).isInstanceOf(Claim.Abandoned.class);
    clock.now = clock.now.plus(Duration.ofHours(25));
    assertThat(claim("s", "k", A)).isInstanceOf(Claim.Acquired.class);
  }

  @Test
  void ofConcurrentClaims_exactlyOneAcquires() throws Exception {
    store = builder().executor(Executors.newFixedThreadPool(4)).build();
    store.createTableIfNotExists();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      for (int round = 0; round < 20; round++) {
        String key = "key-" + round;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Claim>> claims = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          claims.add(
              pool.submit(
                  () -> {
                    go.await();
                    return store.claim("s", key, A).toCompletableFuture().get(10, TimeUnit.SECONDS);
                  }));
        }
        go.countDown();
        int acquired = 0;
        for (Future<Claim> claim : claims) {
          Claim c = claim.get(20, TimeUnit.SECONDS);
          if (c instanceof Claim.Acquired) {
            acquired++;
          } else {
            assertThat(c).isInstanceOf(Claim.InProgress.class);
          }
        }
        assertThat(acquired).as(key).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void tableNamesAreChecked() {
    assertThatThrownBy(() -> JdbcIdempotencyStore.builder(POSTGRES.dataSource()).table("x; drop"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void twoServerNodesSharingTheTable_runAKeyedCreateOnce() throws Exception {
    FaultyUpstream upstream = FaultyUpstream.wrap(InMemoryUpstream.create());
    byte[] body =
        ("{\"kind\":\"create\",\"sync_id\":\"s\",\"collection_id\":\"salesforce:contact\","
                + "\"records\":[{\"data\":{\"LastName\":\"Atreides\"}}]}")
            .getBytes(StandardCharsets.UTF_8);
    List<HandlerResponse> responses = new ArrayList<>();
    for (int node = 0; node < 2; node++) {
      try (MutationServer server =
          MutationServer.builder()
              .sync("s", upstream, "salesforce:contact")
              .bearerToken("token", Principal.of("app", "s"))
              .idempotencyStore(store)
              .build()) {
        HandlerRequest request =
            new HandlerRequest(
                "POST",
                "/v1/mutations/run",
                Map.of(
                    "Authorization", List.of("Bearer token"),
                    "Content-Type", List.of("application/json"),
                    "Idempotency-Key", List.of("create-1")),
                new ByteArrayInputStream(body));
        CompletableFuture<HandlerResponse> response =
            server.httpHandler().handle(request).toCompletableFuture();
        responses.add(response.get(10, TimeUnit.SECONDS));
      }
    }
    assertThat(responses.get(0).status()).isEqualTo(200);
    assertThat(responses.get(1).status()).isEqualTo(200);
    assertThat(responses.get(1).body()).isEqualTo(responses.get(0).body());
    assertThat(responses.get(1).header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(upstream.batchCount()).isEqualTo(1);
  }

  // ---- the handler's flow when the store fails -------------------------------------------------

  static final byte[] CREATE =
      ("{\"kind\":\"create\",\"sync_id\":\"s\",\"collection_id\":\"salesforce:contact\","
              + "\"records\":[{\"data\":{\"LastName\":\"Atreides\"}}]}")
          .getBytes(StandardCharsets.UTF_8);

  static HandlerResponse send(MutationServer server, String key) throws Exception {
    return server
        .httpHandler()
        .handle(
            new HandlerRequest(
                "POST",
                "/v1/mutations/run",
                Map.of(
                    "Authorization", List.of("Bearer token"),
                    "Content-Type", List.of("application/json"),
                    "Idempotency-Key", List.of(key)),
                new ByteArrayInputStream(CREATE)))
        .toCompletableFuture()
        .get(20, TimeUnit.SECONDS);
  }

  MutationServer serverOn(JdbcIdempotencyStore store, FaultyUpstream upstream) {
    return MutationServer.builder()
        .sync("s", upstream, "salesforce:contact")
        .bearerToken("token", Principal.of("app", "s"))
        .idempotencyStore(store)
        .build();
  }

  static String text(HandlerResponse response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Test
  void claimThatFailsBeforeAnythingRan_isRetryable503_andTheRetrySucceeds() throws Exception {
    FlakyDataSource db = new FlakyDataSource(POSTGRES.dataSource());
    JdbcIdempotencyStore flaky =
        JdbcIdempotencyStore.builder(db.dataSource).table(tableName).clock(clock).build();
    FaultyUpstream upstream = FaultyUpstream.wrap(InMemoryUpstream.create());
    try (MutationServer server = serverOn(flaky, upstream)) {
      db.refuseAfter(0, 1);

      HandlerResponse refused = send(server, "k-claim");
      HandlerResponse retried = send(server, "k-claim");

      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.header("Retry-After")).isEqualTo("1");
      assertThat(text(refused)).contains("\"code\":\"unavailable\"", "was not run");
      assertThat(retried.status()).isEqualTo(200);
      assertThat(upstream.batchCount()).isEqualTo(1);
    }
  }

  @Test
  void responseThatFailsToSaveOnce_isSavedByARetry_andAResendReplaysIt() throws Exception {
    FlakyDataSource db = new FlakyDataSource(POSTGRES.dataSource());
    JdbcIdempotencyStore flaky =
        JdbcIdempotencyStore.builder(db.dataSource).table(tableName).clock(clock).build();
    FaultyUpstream upstream = FaultyUpstream.wrap(InMemoryUpstream.create());
    try (MutationServer server = serverOn(flaky, upstream)) {
      db.refuseAfter(1, 2); // the claim gets its connection; the first two saves do not

      HandlerResponse first = send(server, "k-save");
      HandlerResponse again = send(server, "k-save");

      assertThat(first.status()).isEqualTo(200);
      assertThat(db.refused).hasValue(2);
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
      assertThat(again.body()).isEqualTo(first.body());
      assertThat(upstream.batchCount()).isEqualTo(1);
    }
  }

  @Test
  void responseThatCannotBeSaved_isNot200_andTheKeyIsNeverRunTwice() throws Exception {
    FlakyDataSource db = new FlakyDataSource(POSTGRES.dataSource());
    JdbcIdempotencyStore flaky =
        JdbcIdempotencyStore.builder(db.dataSource)
            .table(tableName)
            .clock(clock)
            .abandonedAfter(Duration.ofSeconds(15))
            .build();
    FaultyUpstream upstream = FaultyUpstream.wrap(InMemoryUpstream.create());
    try (MutationServer server = serverOn(flaky, upstream)) {
      db.refuseAfter(1, 100);

      HandlerResponse first = send(server, "k-lost");
      db.refuseAfter(0, 0);
      HandlerResponse whileClaimed = send(server, "k-lost");
      clock.now = clock.now.plus(Duration.ofSeconds(16));
      HandlerResponse afterAbandoned = send(server, "k-lost");

      assertThat(first.status()).isEqualTo(500);
      assertThat(text(first))
          .contains("internal_error", "could not be stored", "\"records\"", "Atreides");
      assertThat(whileClaimed.status()).isEqualTo(409);
      assertThat(afterAbandoned.status()).isEqualTo(500);
      assertThat(text(afterAbandoned)).contains("never finished", "may or may not");
      assertThat(upstream.batchCount()).as("never run twice").isEqualTo(1);
    }
  }
}
