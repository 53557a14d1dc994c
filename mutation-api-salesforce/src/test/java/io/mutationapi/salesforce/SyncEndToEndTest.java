package io.mutationapi.salesforce;

import static io.mutationapi.salesforce.Harness.CONTACT;
import static io.mutationapi.salesforce.Harness.SYNC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.server.ChangeCapture;
import io.mutationapi.server.InMemoryConsumer;
import io.mutationapi.server.SyncHealth;
import io.mutationapi.testing.salesforce.FakeSalesforce;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A {@code MutationServer} capturing the changes of a fake org through {@link SalesforceUpstream}:
 * backfill, edits made by another user of the org, and the server's own writes meeting the polls.
 */
class SyncEndToEndTest {
  private static final String TABLE = "table";

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("not within 20 seconds: " + what);
      }
      Thread.sleep(20);
    }
  }

  private static Optional<Object> lastName(InMemoryConsumer table, String id) {
    return table.get(SYNC, CONTACT, id).map(r -> r.data().get("LastName"));
  }

  @Test
  void changeCapture_backfillsSeeded_deliversOutsideEdits_andOwnWritesEndNewest() throws Exception {
    FakeSalesforce fake = FakeSalesforce.start();
    String kept = fake.seed("Contact", Map.of("LastName", "Seeded-1"));
    String removed = fake.seed("Contact", Map.of("LastName", "Seeded-2"));
    InMemoryConsumer table = new InMemoryConsumer();
    try (Harness h =
        Harness.start(
            fake,
            b -> b,
            s ->
                s.changeCapture(
                        SYNC, ChangeCapture.defaults().withPollInterval(Duration.ofMillis(100)))
                    .consumer(TABLE, table, CONTACT))) {
      // Backfill: records that existed before the server started.
      await(
          "the backfill",
          () -> lastName(table, kept).isPresent() && lastName(table, removed).isPresent());
      // Each consumer goes at its own pace (table is called on the publishing thread): wait for it.
      await(
          "the backfill in the recording consumer",
          () ->
              h.consumer.records().stream()
                  .map(Record::upstreamId)
                  .toList()
                  .containsAll(List.of(kept, removed)));
      assertThat(h.consumer.records()).extracting(Record::upstreamId).contains(kept, removed);

      // Edits made in the org by someone else, without any API call through the server.
      String outside = fake.createAsOtherUser("Contact", Map.of("LastName", "Outside"));
      await("the outside create", () -> lastName(table, outside).equals(Optional.of("Outside")));
      fake.updateAsOtherUser(kept, Map.of("LastName", "Renamed"));
      await("the outside update", () -> lastName(table, kept).equals(Optional.of("Renamed")));
      fake.deleteAsOtherUser(removed);
      await("the outside delete", () -> table.get(SYNC, CONTACT, removed).isEmpty());
      await(
          "the outside delete in the recording consumer",
          () ->
              h.consumer.records().stream()
                  .anyMatch(r -> r.upstreamId().equals(removed) && r.deleted()));
      assertThat(h.consumer.records())
          .filteredOn(r -> r.upstreamId().equals(removed) && r.deleted())
          .isNotEmpty();

      // Writes through the server, which the polls also list (the last seconds are re-listed).
      Record created =
          h.succeed(
                  MutationRequest.create(SYNC, CONTACT)
                      .record(Map.of("LastName", "Mine-1"))
                      .awaitConsumers(TABLE)
                      .build())
              .get(0);
      String mine = created.upstreamId();
      Record updated =
          h.succeed(
                  MutationRequest.update(SYNC, CONTACT)
                      .record(mine, Map.of("LastName", "Mine-2"))
                      .awaitConsumers(TABLE)
                      .build())
              .get(0);
      Instant afterWrites = Instant.now();
      await(
          "a poll that reached the end after the writes",
          () ->
              h.server.syncHealth().stream()
                  .filter(s -> s.collectionId().equals(CONTACT))
                  .map(SyncHealth::caughtUpAt)
                  .flatMap(Optional::stream)
                  .anyMatch(at -> at.isAfter(afterWrites.plusSeconds(3))));

      assertThat(updated.updatedIdx().orElseThrow())
          .isGreaterThan(created.updatedIdx().orElseThrow());
      assertThat(table.get(SYNC, CONTACT, mine)).contains(updated);
      List<Record> versions =
          h.consumer.records().stream().filter(r -> r.upstreamId().equals(mine)).toList();
      // The same version arrives both ways with the same updated_idx; none outranks the update.
      assertThat(versions)
          .allSatisfy(
              v -> {
                assertThat(v.updatedIdx().orElseThrow())
                    .isLessThanOrEqualTo(updated.updatedIdx().orElseThrow());
                if (v.updatedIdx().equals(updated.updatedIdx())) {
                  assertThat(v.data()).isEqualTo(updated.data());
                }
              });
      assertThat(versions).filteredOn(v -> v.data().get("LastName").equals("Mine-2")).isNotEmpty();
      assertThat(h.server.syncHealth())
          .allSatisfy(s -> assertThat(s.consecutiveFailures()).isZero());
    }
  }
}
