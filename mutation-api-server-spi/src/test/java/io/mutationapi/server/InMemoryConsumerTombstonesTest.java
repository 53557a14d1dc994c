package io.mutationapi.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.Record;
import io.mutationapi.await.Position;
import io.mutationapi.server.spi.ChangeEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link InMemoryConsumer} remembers deletes, the newest {@code maxTombstones} of them. */
class InMemoryConsumerTombstonesTest {
  static ChangeEvent event(String id, long idx, boolean deleted) {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    Record record =
        Record.builder()
            .syncId("s")
            .collectionId("salesforce:contact")
            .upstreamId(id)
            .upstreamCreatedAt(now)
            .upstreamUpdatedAt(now)
            .updatedIdx(idx)
            .data(Map.of("LastName", "Idaho"))
            .deleted(deleted)
            .build();
    return new ChangeEvent(new Position(0, idx), record);
  }

  static void deliver(InMemoryConsumer consumer, ChangeEvent... events) {
    consumer.process(List.of(events)).toCompletableFuture().join();
  }

  @Test
  void aLateOlderVersion_ofARecordDeletedAmongTheNewestDeletes_staysDeleted() {
    InMemoryConsumer consumer = new InMemoryConsumer(1);
    deliver(consumer, event("a", 1, false), event("a", 2, true));

    deliver(consumer, event("a", 1, false));

    assertThat(consumer.get("s", "salesforce:contact", "a")).isEmpty();
  }

  @Test
  void deletesBeyondMaxTombstones_forgetTheOldest_soDeletesDoNotGrowIt() {
    InMemoryConsumer consumer = new InMemoryConsumer(1);
    deliver(consumer, event("a", 1, false), event("a", 2, true));
    deliver(consumer, event("b", 3, false), event("b", 4, true));

    deliver(consumer, event("a", 1, false), event("b", 3, false));

    // a's delete was forgotten (its late version is taken as new); b's is remembered.
    assertThat(consumer.get("s", "salesforce:contact", "a")).isPresent();
    assertThat(consumer.get("s", "salesforce:contact", "b")).isEmpty();
  }

  @Test
  void aRecordThatCameBackAfterItsDelete_isNotForgottenWithTheTombstone() {
    InMemoryConsumer consumer = new InMemoryConsumer(1);
    deliver(consumer, event("a", 1, false), event("a", 2, true), event("a", 3, false));
    deliver(consumer, event("b", 4, false), event("b", 5, true));

    assertThat(consumer.get("s", "salesforce:contact", "a")).isPresent();
  }

  @Test
  void negativeMaxTombstones_isRefused() {
    assertThatThrownBy(() -> new InMemoryConsumer(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
