package io.mutationapi.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.UpstreamContext;
import io.mutationapi.server.spi.UpstreamException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class InMemoryUpstreamTest {
  static final String SYNC = "my-sync-id";
  static final String CONTACT = "salesforce:contact";
  static final UpstreamContext CONTEXT =
      new UpstreamContext(Instant.MAX, Optional.empty(), Principal.ANONYMOUS);

  // Not atomic, to see what it keeps of a failed batch; atomicity has its own tests.
  final InMemoryUpstream upstream = InMemoryUpstream.builder().atomic(false).build();

  static List<Record> apply(InMemoryUpstream upstream, MutationRequest batch) {
    return upstream.apply(batch, CONTEXT).toCompletableFuture().join();
  }

  static UpstreamException failure(InMemoryUpstream upstream, MutationRequest batch) {
    try {
      upstream.apply(batch, CONTEXT).toCompletableFuture().join();
    } catch (CompletionException e) {
      return (UpstreamException) e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  Record create(Map<String, ?> data) {
    return apply(upstream, MutationRequest.create(SYNC, CONTACT).record(data).build()).get(0);
  }

  @Test
  void create_givesSalesforceShapedIdsWithThePrefixOfTheCollection() {
    Record contact = create(Map.of("LastName", "Atreides"));
    Record task =
        apply(
                upstream,
                MutationRequest.create(SYNC, "salesforce:task").record(Map.of("a", 1)).build())
            .get(0);
    Record custom =
        apply(upstream, MutationRequest.create(SYNC, "hubspot:deal").record(Map.of()).build())
            .get(0);

    assertThat(contact.upstreamId()).hasSize(18).startsWith("003").matches("[0-9A-Za-z]{18}");
    assertThat(task.upstreamId()).hasSize(18).startsWith("00T");
    assertThat(custom.upstreamId()).hasSize(18).startsWith("a");
    assertThat(create(Map.of()).upstreamId()).isNotEqualTo(contact.upstreamId());
  }

  @Test
  void create_returnsFullStateTimestampsInMicrosAndAVersion() {
    Record record = create(Map.of("FirstName", "Paul", "LastName", "Atreides"));

    assertThat(record.syncId()).isEqualTo(SYNC);
    assertThat(record.collectionId()).isEqualTo(CONTACT);
    assertThat(record.data()).isEqualTo(Map.of("FirstName", "Paul", "LastName", "Atreides"));
    assertThat(record.upstreamCreatedAt()).contains(record.upstreamUpdatedAt());
    assertThat(record.upstreamUpdatedAt().truncatedTo(ChronoUnit.MICROS))
        .isEqualTo(record.upstreamUpdatedAt());
    assertThat(record.updatedIdx()).isPresent();
    assertThat(record.deleted()).isFalse();
  }

  @Test
  void update_isPartial_absentKeysStay_nullKeysBecomeNull_versionIncreases() {
    Record created = create(Map.of("FirstName", "Paul", "LastName", "Atreides", "Title", "Duke"));
    Map<String, Object> patch = new HashMap<>();
    patch.put("FirstName", "Leto");
    patch.put("Title", null);

    Record updated =
        apply(
                upstream,
                MutationRequest.update(SYNC, CONTACT).record(created.upstreamId(), patch).build())
            .get(0);

    Map<String, Object> expected = new HashMap<>();
    expected.put("FirstName", "Leto");
    expected.put("LastName", "Atreides");
    expected.put("Title", null);
    assertThat(updated.data()).isEqualTo(expected);
    assertThat(updated.data()).containsKey("Title");
    assertThat(updated.updatedIdx().getAsLong()).isGreaterThan(created.updatedIdx().getAsLong());
    assertThat(updated.upstreamCreatedAt()).isEqualTo(created.upstreamCreatedAt());
    assertThat(upstream.get(SYNC, CONTACT, created.upstreamId()).orElseThrow().data())
        .isEqualTo(expected);
  }

  @Test
  void update_acceptsTheFifteenCharacterFormOfAnId() {
    Record created = create(Map.of("LastName", "Atreides"));
    String id15 = created.upstreamId().substring(0, 15);

    Record updated =
        apply(
                upstream,
                MutationRequest.update(SYNC, CONTACT).record(id15, Map.of("LastName", "X")).build())
            .get(0);

    assertThat(updated.upstreamId()).isEqualTo(created.upstreamId());
  }

  @Test
  void delete_returnsLastStateMarkedDeleted_andForgetsTheRecord() {
    Record created = create(Map.of("LastName", "Atreides"));

    Record deleted =
        apply(
                upstream,
                MutationRequest.delete(SYNC, CONTACT).upstreamIds(created.upstreamId()).build())
            .get(0);

    assertThat(deleted.deleted()).isTrue();
    assertThat(deleted.data()).isEqualTo(Map.of("LastName", "Atreides"));
    assertThat(deleted.updatedIdx().getAsLong()).isGreaterThan(created.updatedIdx().getAsLong());
    assertThat(upstream.get(SYNC, CONTACT, created.upstreamId())).isEmpty();
  }

  @Test
  void invalidEmail_isASalesforceValidationError() {
    UpstreamException e =
        failure(
            upstream,
            MutationRequest.create(SYNC, CONTACT).record(Map.of("Email", "not-an-email")).build());

    assertThat(e.kind()).isEqualTo(UpstreamException.Kind.VALIDATION);
    assertThat(e.getMessage()).isEqualTo("Salesforce validation error: `Invalid email`");
    assertThat(upstream.size(CONTACT)).isZero();
  }

  @Test
  void nullEmail_clearsTheField() {
    Map<String, Object> data = new HashMap<>();
    data.put("Email", null);
    assertThat(create(data).data()).containsEntry("Email", null);
  }

  @Test
  void updateOrDeleteOfAnUnknownId_isAValidationErrorNamingTheId() {
    UpstreamException update =
        failure(
            upstream,
            MutationRequest.update(SYNC, CONTACT)
                .record("0031U00000Qn2ZVQAZ", Map.of("a", 1))
                .build());
    UpstreamException delete =
        failure(
            upstream,
            MutationRequest.delete(SYNC, CONTACT).upstreamIds("0031U00000Qn2ZVQBA").build());

    assertThat(update.kind()).isEqualTo(UpstreamException.Kind.VALIDATION);
    assertThat(update.getMessage()).contains("0031U00000Qn2ZVQAZ");
    assertThat(delete.getMessage()).contains("0031U00000Qn2ZVQBA");
  }

  @Test
  void create_isAtomicByDefault_asSalesforceWithAllOrNone() {
    assertThat(InMemoryUpstream.create().isAtomic()).isTrue();
  }

  @Test
  void latency_delaysTheAnswerWithoutBlockingTheCaller() {
    InMemoryUpstream slow = InMemoryUpstream.builder().latency(Duration.ofMillis(200)).build();
    long start = System.nanoTime();

    var stage =
        slow.apply(MutationRequest.create(SYNC, CONTACT).record(Map.of()).build(), CONTEXT)
            .toCompletableFuture();
    boolean doneAtOnce = stage.isDone();
    stage.join();

    assertThat(doneAtOnce).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }

  @Test
  void builder_rejectsAPrefixThatIsNotThreeCharacters() {
    assertThatThrownBy(() -> InMemoryUpstream.builder().idPrefix("x", "0001"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
