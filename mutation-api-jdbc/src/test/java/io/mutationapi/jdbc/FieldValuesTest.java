package io.mutationapi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.JsonNumber;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldValuesTest {

  @Test
  void nullIsSqlNullForEveryType() {
    for (ColumnType type : ColumnType.values()) {
      assertThat(FieldValues.convert(type, null)).as("%s", type).isNull();
    }
  }

  @Test
  void text_takesStringsAndTheTextOfNumbersAndBooleans() {
    assertThat(FieldValues.convert(ColumnType.TEXT, "x")).isEqualTo("x");
    assertThat(FieldValues.convert(ColumnType.TEXT, JsonNumber.parse("1.50"))).isEqualTo("1.50");
    assertThat(FieldValues.convert(ColumnType.TEXT, true)).isEqualTo("true");
    assertThatThrownBy(() -> FieldValues.convert(ColumnType.TEXT, Map.of("secret", "s3cr3t")))
        .hasMessage("is an object, not text (project it as JSON instead)");
  }

  @Test
  void bigint_takesIntegralNumbersInRange() {
    assertThat(FieldValues.convert(ColumnType.BIGINT, JsonNumber.parse("42"))).isEqualTo(42L);
    assertThat(FieldValues.convert(ColumnType.BIGINT, JsonNumber.parse("4.2e1"))).isEqualTo(42L);
    assertThatThrownBy(() -> FieldValues.convert(ColumnType.BIGINT, JsonNumber.parse("4.5")))
        .hasMessage("is a number that is not an integer in the range of BIGINT");
    assertThatThrownBy(
            () -> FieldValues.convert(ColumnType.BIGINT, JsonNumber.parse("9223372036854775808")))
        .hasMessage("is a number that is not an integer in the range of BIGINT");
    assertThatThrownBy(() -> FieldValues.convert(ColumnType.BIGINT, "42"))
        .hasMessage("is a string, not an integer");
  }

  @Test
  void numeric_isExact_double_isBounded() {
    assertThat(FieldValues.convert(ColumnType.NUMERIC, JsonNumber.parse("0.1000000000000000001")))
        .isEqualTo(new BigDecimal("0.1000000000000000001"));
    assertThat(FieldValues.convert(ColumnType.DOUBLE, JsonNumber.parse("0.25"))).isEqualTo(0.25);
    assertThatThrownBy(() -> FieldValues.convert(ColumnType.DOUBLE, JsonNumber.parse("1e400")))
        .hasMessage("is a number beyond the range of DOUBLE");
  }

  @Test
  void boolean_takesOnlyBooleans() {
    assertThat(FieldValues.convert(ColumnType.BOOLEAN, false)).isEqualTo(false);
    assertThatThrownBy(() -> FieldValues.convert(ColumnType.BOOLEAN, "true"))
        .hasMessage("is a string, not a boolean");
  }

  @Test
  void timestamp_takesIsoAndSalesforceOffsets_inUtc() {
    assertThat(FieldValues.convert(ColumnType.TIMESTAMP, "2024-11-10T18:39:00.070453Z"))
        .isEqualTo(OffsetDateTime.parse("2024-11-10T18:39:00.070453Z"));
    assertThat(FieldValues.convert(ColumnType.TIMESTAMP, "2024-11-10T19:39:00.000+0100"))
        .isEqualTo(OffsetDateTime.parse("2024-11-10T18:39:00Z"));
    assertThat(FieldValues.convert(ColumnType.TIMESTAMP, "2024-11-10T19:39:00+01:00"))
        .isEqualTo(OffsetDateTime.parse("2024-11-10T18:39:00Z"));
    assertThatThrownBy(() -> FieldValues.convert(ColumnType.TIMESTAMP, "2024-11-10T18:39:00"))
        .hasMessage("is a string that is not an ISO-8601 timestamp with an offset");
  }

  @Test
  void date_takesIsoDates() {
    assertThat(FieldValues.convert(ColumnType.DATE, "2024-02-29"))
        .isEqualTo(LocalDate.of(2024, 2, 29));
    assertThatThrownBy(() -> FieldValues.convert(ColumnType.DATE, "secret-date"))
        .hasMessage("is a string that is not an ISO-8601 date");
  }

  @Test
  void json_takesAnyValue() {
    Object json = FieldValues.convert(ColumnType.JSON, List.of(JsonNumber.parse("1.0"), "a"));

    assertThat(new String((byte[]) json, StandardCharsets.UTF_8)).isEqualTo("[1.0,\"a\"]");
  }
}
