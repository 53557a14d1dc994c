package com.example.mutations;

import io.mutationapi.ConsistencyToken;
import io.mutationapi.MutationResult;
import io.mutationapi.Record;
import io.mutationapi.client.BadRequestException;
import io.mutationapi.client.ConsumersTimeoutException;
import io.mutationapi.client.MessageBatch;
import io.mutationapi.client.MutationClient;
import io.mutationapi.client.PullConsumer;
import io.mutationapi.server.ChangeCapture;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Read-your-writes in one run: starts the {@link DemoServer}, then through the client SDK creates,
 * updates and deletes a contact while awaiting {@code local-db}, and reads each change back from
 * the local database with SQL right after the call returns. Then a validation error, an await
 * timeout, a contact edited "in Salesforce" (bypassing the API) arriving in the local table by a
 * poll, and a create that answers at once while the later read waits on its consistency token.
 */
public final class QuickstartDemo {
  private static final String SYNC = "my-sync-id";
  private static final String CONTACTS = "salesforce:contact";

  /** How often the demo's syncs poll the upstream for changes made outside the API. */
  private static final Duration POLL = Duration.ofMillis(200);

  private final PrintStream out;

  QuickstartDemo(PrintStream out) {
    this.out = out;
  }

  /** Runs the demo on standard output. */
  public static void main(String[] args) {
    new QuickstartDemo(System.out).run();
  }

  void run() {
    try (DemoServer server =
            DemoServer.startCapturing(ChangeCapture.defaults().withPollInterval(POLL));
        MutationClient client =
            MutationClient.builder()
                .baseUrl(server.baseUrl().toString())
                .apiToken(server.token())
                .build()) {
      out.println("mutation-api demo");
      out.println(
          "  server   "
              + server.baseUrl()
              + "  (embedded; upstream: in-memory Salesforce look-alike)");
      out.println("  local-db H2 table synced_records, kept in step by JdbcTableConsumer");

      long start = System.nanoTime();
      Record created =
          client
              .mutations()
              .create(SYNC, CONTACTS)
              .record(
                  Map.of("FirstName", "Paul", "LastName", "Atreides", "Email", "paul@arrakis.org"))
              .awaitConsumers("local-db")
              .execute()
              .record();
      step("1. create a contact, awaiting local-db", start);
      readBack(server, created.upstreamId());

      start = System.nanoTime();
      client
          .mutations()
          .update(SYNC, CONTACTS)
          .record(created.upstreamId(), Map.of("Email", "paul@caladan.org"))
          .awaitConsumers("local-db")
          .execute();
      step("2. update its Email, awaiting local-db", start);
      readBack(server, created.upstreamId());

      start = System.nanoTime();
      client
          .mutations()
          .delete(SYNC, CONTACTS)
          .upstreamIds(created.upstreamId())
          .awaitConsumers("local-db")
          .execute();
      step("3. delete it, awaiting local-db", start);
      readBack(server, created.upstreamId());

      out.println();
      out.println("4. create a contact with a bad email");
      try {
        client
            .mutations()
            .create(SYNC, CONTACTS)
            .record(Map.of("LastName", "Harkonnen", "Email", "not-an-email"))
            .execute();
        out.println("   unexpected: the upstream accepted it");
      } catch (BadRequestException e) {
        out.println(
            "   -> "
                + e.status()
                + " "
                + e.code().map(Object::toString).orElse("")
                + ": "
                + e.errorMessage());
      }

      out.println();
      out.println(
          "5. create a contact awaiting slow-mirror ("
              + DemoServer.SLOW_MIRROR_DELAY.toSeconds()
              + " s per batch) with a 500 ms timeout");
      start = System.nanoTime();
      try {
        MutationResult result =
            client
                .mutations()
                .create(SYNC, CONTACTS)
                .record(Map.of("FirstName", "Gurney", "LastName", "Halleck"))
                .awaitConsumers(List.of("slow-mirror"), Duration.ofMillis(500))
                .execute();
        out.println("   unexpected: slow-mirror was fast: " + result.record().upstreamId());
      } catch (ConsumersTimeoutException e) {
        out.println("   -> " + e.status() + " after " + millis(start) + " ms: " + e.errorMessage());
        out.println(
            "      pending "
                + e.pendingConsumerIds()
                + "; the contact WAS created: "
                + e.records().get(0).upstreamId()
                + " (retry only with the same idempotency key)");
      }
      editedInSalesforce(server);
      awaitingHttpWorker(server, client);
      waitWhereYouRead(client, server);
      out.println();
      out.println("done.");
    }
  }

  /**
   * Step 8: a create that does not await answers at once with a consistency token; the read that
   * needs the write (the next page, say) waits on the token, then reads local-db.
   */
  private void waitWhereYouRead(MutationClient client, DemoServer server) {
    long start = System.nanoTime();
    MutationResult saved =
        client
            .mutations()
            .create(SYNC, CONTACTS)
            .record(Map.of("FirstName", "Chani", "LastName", "Kynes"))
            .execute();
    ConsistencyToken token = saved.consistencyToken().orElseThrow();
    step("8. create a contact without awaiting (the form post answers at once)", start);
    out.println("   consistency_token " + token.value() + "  " + token);
    start = System.nanoTime();
    client.consumers().await(token, List.of("local-db"), Duration.ofSeconds(5));
    out.println(
        "   the next page waits for local-db on the token: " + millis(start) + " ms, then reads");
    readBack(server, saved.record().upstreamId());
  }

  /** Step 6: a seeded contact edited upstream, bypassing the API, arrives by a poll. */
  private void editedInSalesforce(DemoServer server) {
    String paul = "0031U00000Qn2ZVQAZ";
    out.println();
    out.println(
        "6. a sales rep edits contact "
            + paul
            + " in Salesforce (no API call); the sync polls every "
            + POLL.toMillis()
            + " ms");
    long start = System.nanoTime();
    server.editAsOtherUser(SYNC, paul, 1);
    long until = start + Duration.ofSeconds(5).toNanos();
    Optional<DemoServer.Row> row = server.readContact(SYNC, paul);
    while (row.map(r -> !r.email().equals("paul+1@arrakis.org")).orElse(true)
        && System.nanoTime() < until) {
      sleep(POLL.dividedBy(10));
      row = server.readContact(SYNC, paul);
    }
    out.println(
        "   in local-db after "
            + millis(start)
            + " ms: "
            + row.map(Object::toString).orElse("(no row: the edit did not arrive)"));
  }

  /**
   * Step 7: a worker pulls {@code http-worker} and acks; a create awaiting it returns once the
   * worker acked it. The worker pulls with the Java client ({@code
   * client.consumers("http-worker")}); the README's curl loop does the same in bash.
   */
  private void awaitingHttpWorker(DemoServer server, MutationClient client) {
    out.println();
    out.println("7. a worker pulls http-worker and acks; a create awaits http-worker");
    AtomicBoolean stop = new AtomicBoolean();
    Set<String> acked = ConcurrentHashMap.newKeySet();
    AtomicInteger count = new AtomicInteger();
    PullConsumer httpWorker = client.consumers(DemoServer.HTTP_WORKER);
    Thread worker =
        new Thread(
            () -> {
              while (!stop.get()) {
                MessageBatch batch = httpWorker.next(10, Duration.ofMillis(200));
                if (!batch.isEmpty()) {
                  httpWorker.ack(batch);
                  batch.messages().forEach(m -> acked.add(m.record().upstreamId()));
                  count.addAndGet(batch.messages().size());
                }
              }
            },
            "demo-http-worker");
    worker.start();
    try {
      long start = System.nanoTime();
      Record created =
          client
              .mutations()
              .create(SYNC, CONTACTS)
              .record(Map.of("FirstName", "Chani", "LastName", "Kynes"))
              .awaitConsumers(List.of(DemoServer.HTTP_WORKER), Duration.ofSeconds(10))
              .execute()
              .record();
      out.println(
          "   -> created "
              + created.upstreamId()
              + "; returned in "
              + millis(start)
              + " ms, once the worker acked it");
      out.println(
          "   the worker acked "
              + count.get()
              + " messages so far (all the stream held for it since the start), "
              + (acked.contains(created.upstreamId()) ? "" : "NOT ")
              + created.upstreamId()
              + " among them");
    } finally {
      stop.set(true);
      try {
        worker.join(Duration.ofSeconds(5).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void step(String what, long startNanos) {
    out.println();
    out.println(what + ": returned in " + millis(startNanos) + " ms");
  }

  private void readBack(DemoServer server, String upstreamId) {
    // No sleep, no polling: the await returned only after local-db committed.
    out.println(
        "   read back from local-db with SQL: "
            + server
                .readContact("my-sync-id", upstreamId)
                .map(Object::toString)
                .orElse("(no row: read-your-writes failed)"));
  }

  private static long millis(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
  }
}
