package io.mutationapi.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.jdbc.ColumnType;
import io.mutationapi.jdbc.JdbcIdempotencyStore;
import io.mutationapi.server.http.HandlerResponse;
import io.mutationapi.server.spi.MutationOutcome;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The SQL table consumer and the idempotency store against a real PostgreSQL with faults: unique
 * clashes across partitions, poison records with and without a handler, a row lock held by another
 * session, backends killed under keyed traffic, and a server restart. After every scenario the
 * table is compared with the upstream, and one tally line is printed: records, mismatches (rows
 * that differ from the upstream and are not in the dead-letter table or the handler), awaits
 * answered, and awaits wrong (answered 200 while the table did not hold the record's version).
 */
class PostgresFaultTest extends PostgresFaultHarness {
  // ---- item 1 --------------------------------------------------------------------------------

  @Test
  void uniqueClashAcrossPartitions_isRetried_andBothRowsLand() throws Exception {
    world(
        b ->
            b.onPoisonRecord(
                p -> {
                  synchronized (handled) {
                    handled.add(p);
                  }
                }),
        "CREATE UNIQUE INDEX $T_email ON $T (email)");
    List<Record> ab = twoInDifferentPartitions();
    Record a = ab.get(0);
    Record b = ab.get(1);
    String oldEmail = (String) a.data().get("Email");
    // A's partition waits on a lock, so B's partition runs first and clashes with A's old email.
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch release = lockRow(a.upstreamId(), locked);
    locked.await(10, TimeUnit.SECONDS);
    CompletableFuture<MutationOutcome> swap =
        CompletableFuture.supplyAsync(
            () ->
                run(
                    MutationRequest.update(SYNC, CONTACT)
                        .record(a.upstreamId(), Map.of("Email", "moved@x.org"))
                        .record(b.upstreamId(), Map.of("Email", oldEmail))
                        .awaitConsumers(List.of(CONSUMER), Duration.ofSeconds(20))
                        .build()));
    // Release A only once B has clashed at least once.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (consumer.health().refusals() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    release.countDown();

    assertThat(swap.get(30, TimeUnit.SECONDS)).isInstanceOf(MutationOutcome.Success.class);
    settle();
    assertThat(handled).as("a clash is not poison").isEmpty();
    assertThat(rows().get(b.upstreamId()).data()).containsEntry("Email", oldEmail);
    assertThat(consumer.health().refusals()).as("the clash happened").isPositive();
    assertThat(tally("unique clash across partitions")).isZero();
    assertThat(awaitsWrong).hasValue(0);
  }

  // ---- item 2 --------------------------------------------------------------------------------

  @Test
  void poisonRecordsWithAHandler_areNeverAnswered200() throws Exception {
    world(
        b ->
            b.project("Age", "age", ColumnType.BIGINT)
                .onPoisonRecord(
                    p -> {
                      synchronized (handled) {
                        handled.add(p);
                      }
                    }),
        "ALTER TABLE $T ADD CONSTRAINT $T_amount CHECK (amount >= 0)",
        "ALTER TABLE $T ALTER COLUMN email TYPE varchar(20)");
    List<Map<String, Object>> poison =
        List.of(
            Map.of("Amount", -5),
            Map.of("Email", "a-much-too-long-address@example.org"),
            Map.of("Age", "fifteen"));
    int notApplied = 0;
    for (int i = 0; i < 30; i++) {
      MutationOutcome outcome =
          run(create(i % 10 == 3 ? poison.get(i / 10) : Map.of("Email", "n" + i + "@x.org")));
      if (outcome instanceof MutationOutcome.Failure) {
        MutationError e = error(outcome);
        assertThat(e.code()).contains(ErrorCode.RECORD_NOT_APPLIED);
        assertThat(e.message()).contains(CONSUMER, e.records().get(0).upstreamId());
        notApplied++;
      }
    }
    settle();

    assertThat(notApplied).isEqualTo(3);
    assertThat(handled).hasSize(3);
    assertThat(tally("poison records with a handler")).isZero();
    assertThat(awaitsWrong).hasValue(0);
  }

  // ---- item 3 --------------------------------------------------------------------------------

  @Test
  void aLockedRow_holdsUpOnlyItsOwnRecord() throws Exception {
    world(b -> b.lockTimeout(Duration.ofMillis(500)));
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      records.add(
          ((MutationOutcome.Success) run(create(Map.of("Email", "r" + i + "@x.org"))))
              .result()
              .records()
              .get(0));
    }
    Record locked = records.get(0);
    CountDownLatch isLocked = new CountDownLatch(1);
    CountDownLatch release = lockRow(locked.upstreamId(), isLocked);
    isLocked.await(10, TimeUnit.SECONDS);
    CompletableFuture<MutationOutcome> lockedUpdate =
        CompletableFuture.supplyAsync(
            () ->
                run(
                    MutationRequest.update(SYNC, CONTACT)
                        .record(locked.upstreamId(), Map.of("Email", "l2@x.org"))
                        .awaitConsumers(List.of(CONSUMER), Duration.ofSeconds(20))
                        .build()));
    long slowest = 0;
    int others = 0;
    for (Record r : records.subList(1, records.size())) {
      if (stream.partitionOf(r) == stream.partitionOf(locked)) {
        continue;
      }
      long start = System.nanoTime();
      MutationOutcome outcome =
          run(
              MutationRequest.update(SYNC, CONTACT)
                  .record(r.upstreamId(), Map.of("Email", "u-" + r.upstreamId() + "@x.org"))
                  .awaitConsumers(List.of(CONSUMER), Duration.ofSeconds(2))
                  .build());
      // Answered while the lock is still held: a partition waiting behind it would time out.
      assertThat(outcome).as("another partition").isInstanceOf(MutationOutcome.Success.class);
      slowest = Math.max(slowest, System.nanoTime() - start);
      others++;
    }
    Thread.sleep(1500); // the lock outlasts lock_timeout at least twice
    release.countDown();

    assertThat(lockedUpdate.get(30, TimeUnit.SECONDS)).isInstanceOf(MutationOutcome.Success.class);
    settle();
    System.out.printf(
        "[fault-suite] row lock: %d awaits on other partitions, slowest %d ms%n",
        others, TimeUnit.NANOSECONDS.toMillis(slowest));
    assertThat(tally("a row locked for 1.5 s")).isZero();
    assertThat(awaitsWrong).hasValue(0);
  }

  // ---- item 4 --------------------------------------------------------------------------------

  @Test
  void poisonWithoutAHandler_isDeadLettered_andItsPartitionMovesOn() throws Exception {
    world(b -> b, "ALTER TABLE $T ADD CONSTRAINT $T_amount CHECK (amount >= 0)");
    long start = System.nanoTime();
    MutationOutcome bad = run(create(Map.of("Amount", -1)));
    long answeredIn = System.nanoTime() - start;
    Record poison = error(bad).records().get(0);
    assertThat(error(bad).code()).contains(ErrorCode.RECORD_NOT_APPLIED);
    int samePartition = 0;
    int sent = 0;
    // Until three later records of the poison record's own partition have landed.
    while (samePartition < 3 && sent < 400) {
      MutationOutcome ok = run(create(Map.of("Amount", sent++)));
      assertThat(ok).isInstanceOf(MutationOutcome.Success.class);
      Record r = ((MutationOutcome.Success) ok).result().records().get(0);
      if (stream.partitionOf(r) == stream.partitionOf(poison)) {
        samePartition++;
      }
    }
    assertThat(samePartition).isEqualTo(3);
    settle();

    System.out.printf(
        "[fault-suite] poison without handler: answered record_not_applied in %d ms; %d later"
            + " records in its partition landed%n",
        TimeUnit.NANOSECONDS.toMillis(answeredIn), samePartition);
    assertThat(deadLettered()).containsExactly(poison.upstreamId());
    assertThat(consumer.health().deadLettered()).isEqualTo(1);
    assertThat(stream.retainedEvents()).isZero();
    assertThat(tally("poison without a handler")).isZero();
    assertThat(awaitsWrong).hasValue(0);
  }

  // ---- items 5 and 6 -------------------------------------------------------------------------

  @Test
  void backendsKilledUnderKeyedTraffic_neverCreateTwice_andTheTableCatchesUp() throws Exception {
    DataSource victims = postgres.getPostgresDatabase(Map.of("ApplicationName", "victim"));
    JdbcIdempotencyStore store =
        JdbcIdempotencyStore.builder(victims)
            .table("keys_" + TABLES.incrementAndGet())
            .abandonedAfter(Duration.ofSeconds(3))
            .build();
    store.createTableIfNotExists();
    world(b -> b.dataSource(victims), store);
    AtomicBoolean killing = new AtomicBoolean(true);
    AtomicInteger kills = new AtomicInteger();
    Thread killer =
        new Thread(
            () -> {
              while (killing.get()) {
                try (Connection c = db().getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs =
                        s.executeQuery(
                            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                + " WHERE application_name = 'victim'")) {
                  rs.next();
                  kills.addAndGet(rs.getInt(1));
                  Thread.sleep(50);
                } catch (SQLException | InterruptedException e) {
                  return;
                }
              }
            },
            "backend-killer");
    killer.setDaemon(true);
    killer.start();
    Map<String, Integer> finalStatus = new LinkedHashMap<>();
    Map<String, Integer> statusCounts = new LinkedHashMap<>();
    int rounds = 150;
    try {
      for (int i = 0; i < rounds; i++) {
        String key = "key-" + i;
        int status = 0;
        for (int attempt = 0; attempt < 20; attempt++) {
          HandlerResponse response = send(key, i);
          status = response.status();
          statusCounts.merge(status + "", 1, Integer::sum);
          if (status != 503 && status != 409) {
            break;
          }
          Thread.sleep(100);
        }
        finalStatus.put(key, status);
      }
    } finally {
      killing.set(false);
      killer.join(5000);
    }
    Thread.sleep(3500); // past abandonedAfter
    int replayedOrKnown = 0;
    for (String key : finalStatus.keySet()) {
      HandlerResponse again = send(key, Integer.parseInt(key.substring(4)));
      if (again.status() == 200 || again.status() == 500) {
        replayedOrKnown++;
      }
    }
    settle();

    Map<String, Integer> perKey = new HashMap<>();
    for (Record r : known.values()) {
      perKey.merge((String) r.data().get("LastName"), 1, Integer::sum);
    }
    System.out.printf(
        "[fault-suite] killed backends: %d kills over %d keyed creates; answers %s; resends"
            + " answered 200/500 %d; upstream records %d%n",
        kills.get(), rounds, statusCounts, replayedOrKnown, upstream.size(CONTACT));
    assertThat(kills.get()).isPositive();
    assertThat(upstream.size(CONTACT)).as("never created twice").isLessThanOrEqualTo(rounds);
    assertThat(perKey.values()).allMatch(n -> n == 1);
    assertThat(tally("backends killed every 50 ms")).isZero();
    assertThat(awaitsWrong).hasValue(0);
  }

  // ---- a restart -----------------------------------------------------------------------------

  @Test
  void serverStoppedAndRestarted_everyAwaitCompletesOrTimesOut_andTheTableCatchesUp()
      throws Exception {
    world(b -> b);
    AtomicBoolean sending = new AtomicBoolean(true);
    AtomicInteger timeouts = new AtomicInteger();
    AtomicInteger successes = new AtomicInteger();
    List<String> others = new CopyOnWriteArrayList<>();
    Thread traffic =
        new Thread(
            () -> {
              for (int i = 0; sending.get(); i++) {
                MutationOutcome outcome =
                    run(
                        MutationRequest.create(SYNC, CONTACT)
                            .record(Map.of("Email", "t" + i + "@x.org"))
                            .awaitConsumers(List.of(CONSUMER), Duration.ofSeconds(3))
                            .build());
                if (outcome instanceof MutationOutcome.Success) {
                  successes.incrementAndGet();
                } else if (error(outcome).code().equals(Optional.of(ErrorCode.CONSUMERS_TIMEOUT))) {
                  timeouts.incrementAndGet();
                } else {
                  others.add(error(outcome).code() + ": " + error(outcome).message());
                }
              }
            },
            "traffic");
    traffic.start();
    Thread.sleep(500);
    postgres.close(); // pg_ctl stop -m fast
    Thread.sleep(1500);
    postgres = start(port);
    Thread.sleep(1000);
    sending.set(false);
    traffic.join(30_000);
    settle();

    System.out.printf(
        "[fault-suite] restart: %d awaits answered 200, %d timed out, other answers %s%n",
        successes.get(), timeouts.get(), others);
    assertThat(successes.get()).isPositive();
    assertThat(successes.get() + timeouts.get() + others.size())
        .as("every request answered, the traffic never stopped on an exception")
        .isEqualTo(awaitsAnswered.get());
    assertThat(tally("PostgreSQL stopped for 1.5 s and restarted")).isZero();
    assertThat(awaitsWrong).hasValue(0);
  }
}
