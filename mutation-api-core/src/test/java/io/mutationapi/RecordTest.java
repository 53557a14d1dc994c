package io.mutationapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordTest {
  private static final Instant UPDATED = Instant.parse("2024-11-10T18:39:00.070453Z");

  /** A caller's own type for record data. */
  public record Contact(
      @JsonProperty("FirstName") String firstName,
      @JsonProperty("Amount") BigDecimal amount,
      @JsonProperty("Tags") List<String> tags) {}

  /** A caller's own mutable bean for record data. */
  public static final class ContactBean {
    private String lastName;
    private long count;

    public String getLastName() {
      return lastName;
    }

    @JsonProperty("LastName")
    public void setLastName(String lastName) {
      this.lastName = lastName;
    }

    public long getCount() {
      return count;
    }

    @JsonProperty("Count")
    public void setCount(long count) {
      this.count = count;
    }
  }

  private static Record.Builder builder() {
    return Record.builder()
        .syncId("s")
        .collectionId("c")
        .upstreamId("u")
        .upstreamUpdatedAt(UPDATED);
  }

  @Test
  void dataAs_convertsToTheCallersRecordKeepingExactNumbers() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("FirstName", "Paul");
    data.put("Amount", JsonNumber.parse("12345678901234567890.000000001"));
    data.put("Tags", List.of("a", "b"));
    data.put("Unknown", true);

    Contact contact = builder().data(data).build().dataAs(Contact.class);

    assertThat(contact)
        .isEqualTo(
            new Contact(
                "Paul", new BigDecimal("12345678901234567890.000000001"), List.of("a", "b")));
  }

  @Test
  void dataAs_convertsToTheCallersBean() {
    Record record =
        builder().data(Map.of("LastName", "Atreides", "Count", 9007199254740993L)).build();

    ContactBean bean = record.dataAs(ContactBean.class);

    assertThat(bean.getLastName()).isEqualTo("Atreides");
    assertThat(bean.getCount()).isEqualTo(9007199254740993L);
  }

  @Test
  void dataAs_withCallersMapper_usesItsSettings() {
    ObjectMapper strict =
        new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    Record record = builder().data(Map.of("FirstName", "Paul", "Unknown", 1)).build();

    assertThatThrownBy(() -> record.dataAs(Contact.class, strict))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("record data does not convert to " + Contact.class.getName());
  }

  @Test
  void dataAs_mismatchedShape_isIllegalArgument() {
    Record record = builder().data(Map.of("Amount", "not a number")).build();

    assertThatThrownBy(() -> record.dataAs(Contact.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("record data does not convert to");
  }

  @Test
  void builder_missingRequiredPart_failsNamingIt() {
    assertThatThrownBy(() -> Record.builder().collectionId("c").upstreamId("u").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("syncId is required");
    assertThatThrownBy(() -> Record.builder().syncId("s").upstreamId("u").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("collectionId is required");
    assertThatThrownBy(() -> Record.builder().syncId("s").collectionId("c").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("upstreamId is required");
    assertThatThrownBy(() -> Record.builder().syncId("s").collectionId("c").upstreamId("u").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("upstreamUpdatedAt is required");
  }

  @Test
  void constructor_emptyIds_areRejectedNamingThem() {
    assertThatThrownBy(() -> builder().syncId("").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("syncId must not be null or empty");
    assertThatThrownBy(() -> builder().upstreamId("").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("upstreamId must not be null or empty");
  }

  @Test
  void constructor_truncatesTimestampsToMicroseconds() {
    Record record =
        builder()
            .upstreamUpdatedAt(Instant.parse("2024-01-01T00:00:00.123456789Z"))
            .upstreamCreatedAt(Instant.parse("2023-01-01T00:00:00.000000999Z"))
            .build();

    assertThat(record.upstreamUpdatedAt()).isEqualTo(Instant.parse("2024-01-01T00:00:00.123456Z"));
    assertThat(record.upstreamCreatedAt()).contains(Instant.parse("2023-01-01T00:00:00Z"));
  }

  @Test
  void data_isADeepUnmodifiableCopy() {
    List<Object> tags = new ArrayList<>(List.of("a"));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("Tags", tags);
    Record record = builder().data(data).build();

    tags.add("b");
    data.put("New", 1);

    assertThat(record.data()).containsExactly(Map.entry("Tags", List.of("a")));
    assertThatThrownBy(() -> record.data().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> record.extensions().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void toBuilder_rebuildsAnEqualRecord() {
    Record record =
        builder()
            .upstreamCreatedAt(UPDATED.minusSeconds(60))
            .updatedIdx(7)
            .data(Map.of("a", 1))
            .deleted(true)
            .extension("x_extra", List.of(1, "two"))
            .build();

    assertThat(record.toBuilder().build()).isEqualTo(record);
    assertThat(record.toBuilder().updatedIdx(8).build().updatedIdx()).isEqualTo(OptionalLong.of(8));
    assertThat(record.extensions()).containsEntry("x_extra", List.of(JsonNumber.parse("1"), "two"));
  }

  @Test
  void toString_showsIdsAndFieldNamesButNeverValues() {
    Record record =
        builder()
            .updatedIdx(3)
            .data(Map.of("Email", "paul@arrakis.org"))
            .extension("x_secret", "hunter2")
            .build();

    assertThat(record.toString())
        .contains("s/c/u", "updatedIdx=3", "Email")
        .doesNotContain("paul@arrakis.org", "hunter2");
  }

  @Test
  void constructor_nullOptionals_areRejected() {
    assertThatThrownBy(
            () ->
                new Record(
                    "s", "c", "u", UPDATED, null, OptionalLong.empty(), Map.of(), false, Map.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("upstreamCreatedAt");
    assertThatThrownBy(
            () ->
                new Record(
                    "s", "c", "u", UPDATED, Optional.empty(), null, Map.of(), false, Map.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("updatedIdx");
  }

  @Test
  void result_recordOfManyRecords_isIllegalState() {
    MutationResult result =
        new MutationResult(List.of(builder().build(), builder().upstreamId("v").build()));

    assertThatThrownBy(result::record)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("result has 2 records, not 1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sync_id", "upstream_updated_at", "updated_idx", "data", "deleted"})
  void constructor_extensionNamedLikeAField_isRejected(String name) {
    assertThatThrownBy(() -> builder().extension(name, true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("extensions: '" + name + "' is a field of Record, not an extension");
  }
}
