package io.mutationapi.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.server.spi.ChangePage;
import io.mutationapi.server.spi.ChangeQuery;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.UpstreamContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** {@link InMemoryUpstream} as a {@link io.mutationapi.server.spi.ChangeSource}. */
class InMemoryUpstreamChangesTest {
  static final String SYNC = "s";
  static final String CONTACT = "salesforce:contact";

  final InMemoryUpstream upstream = InMemoryUpstream.create();

  ChangePage page(Optional<String> cursor, int limit) {
    return upstream
        .changes(new ChangeQuery(SYNC, CONTACT, cursor, limit, Optional.empty()))
        .toCompletableFuture()
        .join();
  }

  @Test
  void changes_listTheLatestVersionOfEachRecordInUpstreamOrder_inPages() {
    Record a = upstream.put(SYNC, CONTACT, "003A00000000001", Map.of("Name", "a"));
    Record b = upstream.put(SYNC, CONTACT, "003A00000000002", Map.of("Name", "b"));
    Record a2 = upstream.update(SYNC, CONTACT, a.upstreamId(), Map.of("Name", "a2"));

    ChangePage first = page(Optional.empty(), 1);
    assertThat(first.records()).containsExactly(b);
    assertThat(first.hasMore()).isTrue();
    ChangePage second = page(Optional.of(first.cursor()), 1);
    assertThat(second.records()).containsExactly(a2);
    ChangePage empty = page(Optional.of(second.cursor()), 1);
    assertThat(empty.records()).isEmpty();
    assertThat(empty.hasMore()).isFalse();
    assertThat(empty.cursor()).isEqualTo(second.cursor());
  }

  @Test
  void changes_listDeletesAndApiWritesWithTheUpdatedIdxTheWriteReturned() {
    List<Record> created =
        upstream
            .apply(
                MutationRequest.create(SYNC, CONTACT).record(Map.of("Name", "x")).build(),
                new UpstreamContext(Instant.now(), Optional.empty(), Principal.ANONYMOUS))
            .toCompletableFuture()
            .join();
    ChangePage page = page(Optional.empty(), 10);
    assertThat(page.records()).containsExactlyElementsOf(created);

    Record deleted = upstream.delete(SYNC, CONTACT, created.get(0).upstreamId());
    assertThat(deleted.deleted()).isTrue();
    assertThat(page(Optional.of(page.cursor()), 10).records()).containsExactly(deleted);
    assertThat(upstream.get(SYNC, CONTACT, deleted.upstreamId())).isEmpty();
  }

  @Test
  void changes_keepTheNewestMaxTombstonesDeletesOnly_soDeletesDoNotGrowTheLog() {
    InMemoryUpstream small = InMemoryUpstream.builder().maxTombstones(2).build();
    List<Record> deletes = new java.util.ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      String id = "003A0000000000" + i;
      small.put(SYNC, CONTACT, id, Map.of("Name", "n" + i));
      deletes.add(small.delete(SYNC, CONTACT, id));
    }
    Record live = small.put(SYNC, CONTACT, "003A00000000009", Map.of("Name", "live"));

    List<Record> listed =
        small
            .changes(new ChangeQuery(SYNC, CONTACT, Optional.empty(), 100, Optional.empty()))
            .toCompletableFuture()
            .join()
            .records();

    assertThat(listed).containsExactly(deletes.get(3), deletes.get(4), live);
  }

  @Test
  void changes_whenADeletedIdComesBack_theTombstoneItReplacedNoLongerCounts() {
    InMemoryUpstream small = InMemoryUpstream.builder().maxTombstones(1).build();
    small.put(SYNC, CONTACT, "003A00000000001", Map.of("Name", "a"));
    small.delete(SYNC, CONTACT, "003A00000000001");
    Record back = small.put(SYNC, CONTACT, "003A00000000001", Map.of("Name", "a again"));
    small.put(SYNC, CONTACT, "003A00000000002", Map.of("Name", "b"));
    Record deleted = small.delete(SYNC, CONTACT, "003A00000000002");

    List<Record> listed =
        small
            .changes(new ChangeQuery(SYNC, CONTACT, Optional.empty(), 100, Optional.empty()))
            .toCompletableFuture()
            .join()
            .records();

    assertThat(listed).containsExactly(back, deleted);
  }

  @Test
  void changes_withNotBefore_skipOlderRecordsInTheBackfillOnly() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    MutableClock clock = new MutableClock(t0);
    InMemoryUpstream timed = InMemoryUpstream.builder().clock(clock).build();
    timed.put(SYNC, CONTACT, "003A00000000001", Map.of());
    clock.now = t0.plus(Duration.ofDays(10));
    Record recent = timed.put(SYNC, CONTACT, "003A00000000002", Map.of());

    ChangePage page =
        timed
            .changes(
                new ChangeQuery(
                    SYNC, CONTACT, Optional.empty(), 10, Optional.of(t0.plusSeconds(1))))
            .toCompletableFuture()
            .join();
    assertThat(page.records()).containsExactly(recent);
  }

  @Test
  void changes_withACursorNotOfThisUpstream_failTheStage() {
    assertThatThrownBy(() -> page(Optional.of("abc"), 1))
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void updateOrDelete_ofAnUnknownRecord_refuse() {
    assertThatThrownBy(() -> upstream.update(SYNC, CONTACT, "nope", Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> upstream.delete(SYNC, CONTACT, "nope"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static final class MutableClock extends Clock {
    volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
