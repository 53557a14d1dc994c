package io.mutationapi.salesforce;

import static io.mutationapi.salesforce.Harness.CONTACT;
import static io.mutationapi.salesforce.Harness.SYNC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.server.spi.ChangePage;
import io.mutationapi.server.spi.ChangeQuery;
import io.mutationapi.server.spi.UpstreamException;
import io.mutationapi.testing.salesforce.FakeSalesforce;
import io.mutationapi.testing.salesforce.Fault;
import io.mutationapi.testing.salesforce.RecordedCall;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** {@link SalesforceUpstream#changes} against a fake org on loopback. */
class SalesforceChangesTest {
  /** A second long settled: stamps an hour ago. */
  private static final Instant PAST =
      Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);

  /** A clock the test sets, for the fake's stamps. */
  static final class SetClock extends Clock {
    volatile Instant now;

    SetClock(Instant now) {
      this.now = now;
    }

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

  private static Harness harness(Clock clock) {
    return Harness.start(FakeSalesforce.builder().clock(clock).start(), b -> b, s -> s);
  }

  private static ChangePage poll(Harness h, Optional<String> cursor, int limit) {
    return Harness.join(
        h.upstream
            .changes(new ChangeQuery(SYNC, CONTACT, cursor, limit, Optional.empty()))
            .toCompletableFuture());
  }

  private static String seed(Harness h, String lastName, Instant stamp) {
    return h.fake.seed("Contact", Map.of("LastName", lastName, "SystemModstamp", stamp.toString()));
  }

  /** Polls from {@code cursor} until a page says no more; returns every record listed. */
  private static List<Record> drain(
      Harness h, Optional<String> cursor, int limit, List<String> cursors) {
    List<Record> all = new ArrayList<>();
    Optional<String> at = cursor;
    for (int i = 0; i < 1000; i++) {
      ChangePage page = poll(h, at, limit);
      all.addAll(page.records());
      at = Optional.of(page.cursor());
      cursors.add(page.cursor());
      if (!page.hasMore()) {
        return all;
      }
    }
    throw new AssertionError("no end of the changes after 1000 pages");
  }

  private static List<String> ids(List<Record> records) {
    return records.stream().map(Record::upstreamId).toList();
  }

  @Test
  void backfill_inPages_listsEveryRecordOnceInSystemModstampThenIdOrder() {
    try (Harness h = harness(new SetClock(PAST))) {
      List<String> expected = new ArrayList<>();
      for (int second = 0; second < 9; second++) {
        for (int i = 0; i < 50; i++) {
          expected.add(seed(h, "c" + second + "-" + i, PAST.minusSeconds(100 - second)));
        }
      }
      List<String> cursors = new ArrayList<>();

      List<Record> listed = drain(h, Optional.empty(), 200, cursors);

      assertThat(ids(listed)).containsExactlyElementsOf(expected);
      assertThat(cursors).hasSize(3);
      assertThat(listed).allSatisfy(r -> assertThat(r.deleted()).isFalse());
      assertThat(listed.get(0).data()).containsKeys("LastName", "SystemModstamp", "IsDeleted");
      ChangePage after = poll(h, Optional.of(cursors.get(2)), 200);
      assertThat(after.records()).isEmpty();
      assertThat(after.cursor()).isEqualTo(cursors.get(2));
      assertThat(after.hasMore()).isFalse();
    }
  }

  @Test
  void pageBoundaryInsideOneSecond_continuesAfterTheLastIdWithoutRepeats() {
    try (Harness h = harness(new SetClock(PAST))) {
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        expected.add(seed(h, "same" + i, PAST.minusSeconds(30)));
      }
      expected.add(seed(h, "later", PAST.minusSeconds(29)));
      List<String> cursors = new ArrayList<>();

      List<Record> listed = drain(h, Optional.empty(), 2, cursors);

      assertThat(ids(listed)).containsExactlyElementsOf(expected);
      assertThat(h.fake.calls(c -> c.path().endsWith("/queryAll")).get(1).queryParameter("q"))
          .hasValueSatisfying(q -> assertThat(q).contains("OR Id > '" + expected.get(1) + "'"));
    }
  }

  @Test
  void backfill_withNotBefore_skipsRecordsLastChangedBefore() {
    try (Harness h = harness(new SetClock(PAST))) {
      seed(h, "old", PAST.minus(Duration.ofDays(40)));
      String recent = seed(h, "recent", PAST.minus(Duration.ofDays(2)));

      ChangePage page =
          Harness.join(
              h.upstream
                  .changes(
                      new ChangeQuery(
                          SYNC,
                          CONTACT,
                          Optional.empty(),
                          100,
                          Optional.of(PAST.minus(Duration.ofDays(30)))))
                  .toCompletableFuture());

      assertThat(ids(page.records())).containsExactly(recent);
    }
  }

  @Test
  void sameSecondUpdates_areListedAgainUntilTheSecondSettles_withIncreasingIndexes()
      throws Exception {
    SetClock clock = new SetClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    try (Harness h = harness(clock)) {
      String id = h.fake.createAsOtherUser("Contact", Map.of("LastName", "First"));
      ChangePage first = poll(h, Optional.empty(), 100);
      h.fake.updateAsOtherUser(id, Map.of("LastName", "Second"));
      ChangePage second = poll(h, Optional.of(first.cursor()), 100);

      assertThat(first.records())
          .singleElement()
          .satisfies(r -> assertThat(r.data()).containsEntry("LastName", "First"));
      assertThat(second.records())
          .singleElement()
          .satisfies(r -> assertThat(r.data()).containsEntry("LastName", "Second"));
      assertThat(second.records().get(0).upstreamUpdatedAt())
          .isEqualTo(first.records().get(0).upstreamUpdatedAt());
      assertThat(second.records().get(0).updatedIdx().orElseThrow())
          .isGreaterThan(first.records().get(0).updatedIdx().orElseThrow());
      assertThat(second.cursor()).isEqualTo(first.cursor());
      assertThat(second.hasMore()).isFalse();

      // Once the second settles, the last version is listed one more time, with the same index.
      Thread.sleep(
          Duration.between(Instant.now(), clock.now.plus(ChangePoll.SETTLE).plusSeconds(1))
                  .toMillis()
              + 50);
      ChangePage settled = poll(h, Optional.of(second.cursor()), 100);
      assertThat(settled.records())
          .singleElement()
          .satisfies(
              r -> assertThat(r.updatedIdx()).isEqualTo(second.records().get(0).updatedIdx()));
      assertThat(settled.cursor()).isNotEqualTo(second.cursor());
      assertThat(poll(h, Optional.of(settled.cursor()), 100).records()).isEmpty();
    }
  }

  @Test
  void outsideCreatesUpdatesAndDeletes_arePickedUp_deletesAsDeletedRecords() {
    SetClock clock = new SetClock(PAST);
    try (Harness h = harness(clock)) {
      String kept = h.fake.createAsOtherUser("Contact", Map.of("LastName", "Kept"));
      String gone = h.fake.createAsOtherUser("Contact", Map.of("LastName", "Gone", "Title", "CFO"));
      List<String> cursors = new ArrayList<>();
      drain(h, Optional.empty(), 100, cursors);
      String cursor = cursors.get(cursors.size() - 1);

      clock.now = PAST.plusSeconds(1);
      h.fake.updateAsOtherUser(kept, Map.of("Title", "VP"));
      clock.now = PAST.plusSeconds(2);
      h.fake.deleteAsOtherUser(gone);
      List<Record> changes = drain(h, Optional.of(cursor), 100, cursors);

      assertThat(ids(changes)).containsExactly(kept, gone);
      assertThat(changes.get(0).data()).containsEntry("Title", "VP");
      assertThat(changes.get(0).deleted()).isFalse();
      assertThat(changes.get(1).deleted()).isTrue();
      assertThat(changes.get(1).data())
          .containsEntry("Title", "CFO")
          .containsEntry("IsDeleted", true);
      assertThat(
              h.fake
                  .calls(c -> c.path().contains("/queryAll"))
                  .get(0)
                  .queryParameter("q")
                  .orElseThrow())
          .startsWith("SELECT Id, IsDeleted, OwnerId, FirstName");
    }
  }

  @Test
  void writeThroughTheAdapterThenPoll_givesTheSameUpdatedIdx() {
    try (Harness h = Harness.start()) {
      Record written =
          h.apply(MutationRequest.create(SYNC, CONTACT).record(Map.of("LastName", "Both")).build())
              .get(0);

      ChangePage page = poll(h, Optional.empty(), 100);

      assertThat(page.records())
          .singleElement()
          .satisfies(
              polled -> {
                assertThat(polled.upstreamId()).isEqualTo(written.upstreamId());
                assertThat(polled.updatedIdx()).isEqualTo(written.updatedIdx());
                assertThat(polled.data()).isEqualTo(written.data());
              });
    }
  }

  @Test
  void expiredSessionDuringAPoll_refreshesOnceAndSendsTheQueryAgain() {
    try (Harness h = harness(new SetClock(PAST))) {
      String id = seed(h, "x", PAST.minusSeconds(5));
      poll(h, Optional.empty(), 10); // describe cached, logged in
      long tokens = h.fake.tokenRequests();
      h.fake.clearCalls();
      h.fake.failNext(1, c -> c.path().endsWith("/queryAll"), Fault.sessionExpired());

      ChangePage page = poll(h, Optional.empty(), 10);

      assertThat(ids(page.records())).containsExactly(id);
      assertThat(h.fake.tokenRequests()).isEqualTo(tokens + 1);
      assertThat(h.fake.calls(RecordedCall::isDataCall)).hasSize(2);
    }
  }

  @Test
  void apiLimitDuringAPoll_failsRateLimited() {
    try (Harness h = harness(new SetClock(PAST))) {
      h.fake.failNext(1, c -> c.path().endsWith("/queryAll"), Fault.requestLimitExceeded());

      UpstreamException failure = pollFailure(h, Optional.empty());

      assertThat(failure.kind()).isEqualTo(UpstreamException.Kind.RATE_LIMITED);
      assertThat(failure.retryAfter()).isPresent();
    }
  }

  @Test
  void malformedCursorOrUnmappedCollection_failTheStageClearly() {
    try (Harness h = harness(new SetClock(PAST))) {
      assertThat(pollFailure(h, Optional.of("nope")).getMessage())
          .contains("Salesforce change cursor");
      UpstreamException unmapped =
          failure(
              h.upstream.changes(
                  new ChangeQuery(SYNC, "other", Optional.empty(), 5, Optional.empty())));
      assertThat(unmapped.getMessage()).contains("not mapped");
    }
  }

  private static UpstreamException pollFailure(Harness h, Optional<String> cursor) {
    return failure(
        h.upstream.changes(new ChangeQuery(SYNC, CONTACT, cursor, 10, Optional.empty())));
  }

  private static UpstreamException failure(java.util.concurrent.CompletionStage<ChangePage> stage) {
    try {
      Harness.join(stage.toCompletableFuture());
    } catch (CompletionException e) {
      if (e.getCause() instanceof UpstreamException) {
        return (UpstreamException) e.getCause();
      }
      throw e;
    }
    throw new AssertionError("expected a failure");
  }
}
