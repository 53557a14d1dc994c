package io.mutationapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MutationRequestTest {

  @Test
  void createBuilder_withoutRecords_failsNamingTheFix() {
    assertThatThrownBy(() -> MutationRequest.create("s", "c").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("at least one record is required: call record(data)");
  }

  @Test
  void updateBuilder_withoutRecords_failsNamingTheFix() {
    assertThatThrownBy(() -> MutationRequest.update("s", "c").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("at least one record is required: call record(upstreamId, data)");
  }

  @Test
  void deleteBuilder_withoutIds_failsNamingTheFix() {
    assertThatThrownBy(() -> MutationRequest.delete("s", "c").upstreamIds(List.of()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("at least one upstream id is required: call upstreamIds(...)");
  }

  @Test
  void updateBuilder_duplicateUpstreamId_isRejectedNamingTheIndex() {
    assertThatThrownBy(
            () ->
                MutationRequest.update("s", "c")
                    .record("a", Map.of())
                    .record("b", Map.of())
                    .record("a", Map.of("x", 1))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("records[2].upstream_id: duplicate upstream id 'a'");
  }

  @Test
  void deleteBuilder_duplicateUpstreamId_isRejectedNamingTheIndex() {
    assertThatThrownBy(() -> MutationRequest.delete("s", "c").upstreamIds("a", "a").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("upstream_ids[1]: duplicate upstream id 'a'");
  }

  @Test
  void deleteBuilder_emptyOrNullId_isRejectedNamingTheIndex() {
    assertThatThrownBy(() -> MutationRequest.delete("s", "c").upstreamIds("a", "").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("upstream_ids[1] must not be null or empty");
    assertThatThrownBy(
            () -> MutationRequest.delete("s", "c").upstreamIds(Arrays.asList(null, "b")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("upstream_ids[0] must not be null or empty");
  }

  @Test
  void createBuilder_recordWithUpstreamId_isRejected() {
    assertThatThrownBy(
            () ->
                MutationRequest.create("s", "c")
                    .records(List.of(PartialRecord.of(Map.of()), PartialRecord.of("u", Map.of())))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("records[1].upstream_id must be absent for create");
  }

  @Test
  void updateBuilder_recordWithoutUpstreamId_isRejected() {
    assertThatThrownBy(
            () ->
                MutationRequest.update("s", "c")
                    .records(List.of(PartialRecord.of(Map.of())))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("records[0].upstream_id is required for update");
  }

  @Test
  void builders_emptyOrNullIds_areRejected() {
    assertThatThrownBy(() -> MutationRequest.create("", "c").record(Map.of()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sync_id must not be null or empty");
    assertThatThrownBy(() -> MutationRequest.delete("s", null).upstreamIds("a").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("collection_id must not be null or empty");
  }

  @Test
  void constructors_nullRecordOrEmptyList_areRejected() {
    assertThatThrownBy(
            () ->
                new MutationRequest.Create(
                    "s", "c", Arrays.asList((PartialRecord) null), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("records[0] must not be null");
    assertThatThrownBy(() -> new MutationRequest.Update("s", "c", List.of(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("records must not be empty");
    assertThatThrownBy(() -> new MutationRequest.Delete("s", "c", List.of(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("upstream_ids must not be empty");
    assertThatThrownBy(() -> new MutationRequest.Delete("s", "c", List.of("a"), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("awaitConsumers");
  }

  @Test
  void builders_buildImmutableCopiesOfTheirLists() {
    List<String> ids = new ArrayList<>(List.of("a", "b"));
    MutationRequest.Delete delete = new MutationRequest.Delete("s", "c", ids, Optional.empty());
    List<PartialRecord> records = new ArrayList<>(List.of(PartialRecord.of(Map.of("k", 1))));
    MutationRequest.Create create = new MutationRequest.Create("s", "c", records, Optional.empty());

    ids.add("c");
    records.clear();

    assertThat(delete.upstreamIds()).containsExactly("a", "b");
    assertThat(create.records()).hasSize(1);
    assertThatThrownBy(() -> delete.upstreamIds().add("d"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> create.records().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void builder_isReusableWithoutAffectingBuiltRequests() {
    MutationRequest.CreateBuilder builder = MutationRequest.create("s", "c").record(Map.of("a", 1));
    MutationRequest.Create first = builder.build();

    MutationRequest.Create second = builder.record(Map.of("b", 2)).build();

    assertThat(first.size()).isEqualTo(1);
    assertThat(second.size()).isEqualTo(2);
  }

  @Test
  void builder_awaitConsumers_setsIdsAndTimeout() {
    MutationRequest request =
        MutationRequest.delete("s", "c")
            .upstreamIds("a")
            .awaitConsumers(List.of("c1", "c2"), Duration.ofSeconds(5))
            .build();
    MutationRequest plain = MutationRequest.delete("s", "c").upstreamIds("a").build();
    MutationRequest cleared =
        MutationRequest.delete("s", "c")
            .upstreamIds("a")
            .awaitConsumers("x")
            .awaitConsumers((AwaitConsumers) null)
            .build();

    assertThat(request.awaitConsumers())
        .contains(AwaitConsumers.of(List.of("c1", "c2"), Duration.ofSeconds(5)));
    assertThat(plain.awaitConsumers()).isEmpty();
    assertThat(cleared.awaitConsumers()).isEmpty();
    assertThat(request.kind()).isEqualTo(MutationKind.DELETE);
  }

  @Test
  void toString_neverShowsDataValues() {
    MutationRequest create =
        MutationRequest.create("s", "c").record(Map.of("Email", "paul@arrakis.org")).build();
    MutationRequest update =
        MutationRequest.update("s", "c").record("003", Map.of("Ssn", "123-45-6789")).build();

    assertThat(create.toString()).contains("create", "s", "c").doesNotContain("paul@arrakis.org");
    assertThat(update.toString()).contains("update").doesNotContain("123-45-6789");
    assertThat(MutationRequest.delete("s", "c").upstreamIds("a", "b").build().toString())
        .contains("delete", "upstreamIds=2");
  }

  @Test
  void equality_distinguishesNullFromAbsentInData() {
    java.util.Map<String, Object> withNull = new java.util.HashMap<>();
    withNull.put("Email", null);

    assertThat(MutationRequest.update("s", "c").record("a", withNull).build())
        .isNotEqualTo(MutationRequest.update("s", "c").record("a", Map.of()).build())
        .isEqualTo(MutationRequest.update("s", "c").record("a", withNull).build());
  }
}
