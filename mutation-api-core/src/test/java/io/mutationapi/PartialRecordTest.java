package io.mutationapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PartialRecordTest {

  @Test
  void constructor_emptyUpstreamId_isRejected() {
    assertThatThrownBy(() -> PartialRecord.of("", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("upstreamId must not be empty");
  }

  @Test
  void constructor_nullParts_areRejectedNamingThem() {
    assertThatThrownBy(() -> new PartialRecord(null, Map.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("upstreamId");
    assertThatThrownBy(() -> new PartialRecord(Optional.empty(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("data must not be null");
    assertThatThrownBy(() -> PartialRecord.of((String) null, Map.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("upstreamId");
  }

  @Test
  void constructor_valueThatIsNotJson_isRejectedNamingItsPath() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("b", new Object());
    Map<String, Object> data = Map.of("a", List.of(1, inner));

    assertThatThrownBy(() -> PartialRecord.of(data))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("data.a[1].b: java.lang.Object is not a JSON value");
  }

  @Test
  void constructor_unpairedSurrogateInData_isRejectedNamingItsPath() {
    assertThatThrownBy(() -> PartialRecord.of(Map.of("Name", "ab\ud800")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("data.Name: invalid Unicode: unpaired surrogate at index 2");
    assertThatThrownBy(() -> PartialRecord.of(Map.of("\udc00", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("data: invalid Unicode");
  }

  @Test
  void constructor_surrogatePairInData_isKept() {
    assertThat(PartialRecord.of(Map.of("Emoji", "\ud83d\ude00")).data())
        .containsEntry("Emoji", "\ud83d\ude00");
  }

  @Test
  void constructor_nanInData_isRejectedNamingItsPath() {
    assertThatThrownBy(() -> PartialRecord.of(Map.of("Amount", Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("data.Amount: JSON has no representation for NaN");
  }

  @Test
  void constructor_nonStringKey_isRejected() {
    Map<Object, Object> data = new HashMap<>();
    data.put(1, "x");
    Map<String, Object> nested = new HashMap<>();
    nested.put("n", data);

    assertThatThrownBy(() -> PartialRecord.of(nested))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("data.n: keys must be strings, found java.lang.Integer");
  }

  @Test
  void constructor_convertsJavaNumbersAndCharSequences() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("i", 1);
    data.put("d", new BigDecimal("2.50"));
    data.put("c", 'x');
    data.put("sb", new StringBuilder("text"));
    data.put("set", new java.util.LinkedHashSet<>(List.of("p", "q")));

    PartialRecord record = PartialRecord.of(data);

    assertThat(record.data())
        .containsExactly(
            Map.entry("i", JsonNumber.parse("1")),
            Map.entry("d", JsonNumber.parse("2.50")),
            Map.entry("c", "x"),
            Map.entry("sb", "text"),
            Map.entry("set", List.of("p", "q")));
  }

  @Test
  void data_isADeepCopy_callerMutationsChangeNothing() {
    List<Object> list = new ArrayList<>(List.of("a"));
    Map<String, Object> nested = new LinkedHashMap<>(Map.of("k", "v"));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("list", list);
    data.put("nested", nested);
    PartialRecord record = PartialRecord.of("003", data);

    list.add("b");
    nested.put("k2", "v2");
    data.put("extra", 1);
    data.remove("list");

    assertThat(record.data()).containsOnlyKeys("list", "nested");
    assertThat(record.data().get("list")).isEqualTo(List.of("a"));
    assertThat(record.data().get("nested")).isEqualTo(Map.of("k", "v"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void data_isUnmodifiableAtEveryLevel() {
    PartialRecord record =
        PartialRecord.of(Map.of("list", List.of(1), "nested", Map.of("k", List.of("v"))));

    assertThatThrownBy(() -> record.data().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((List<Object>) record.data().get("list")).add(2))
        .isInstanceOf(UnsupportedOperationException.class);
    Map<String, Object> nested = (Map<String, Object>) record.data().get("nested");
    assertThatThrownBy(() -> nested.remove("k")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((List<Object>) nested.get("k")).clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void data_keepsNullValuesApartFromAbsentKeys() {
    Map<String, Object> withNull = new LinkedHashMap<>();
    withNull.put("Email", null);

    PartialRecord record = PartialRecord.of("003", withNull);

    assertThat(record.data()).containsKey("Email").containsEntry("Email", null);
    assertThat(record).isNotEqualTo(PartialRecord.of("003", Map.of()));
  }

  @Test
  void data_keepsInsertionOrder() {
    Map<String, Object> data = new LinkedHashMap<>();
    for (String key : List.of("z", "a", "m", "b", "y", "c", "x", "d", "w", "e", "v", "f", "u")) {
      data.put(key, key);
    }

    assertThat(PartialRecord.of(data).data().keySet())
        .containsExactly("z", "a", "m", "b", "y", "c", "x", "d", "w", "e", "v", "f", "u");
  }

  @Test
  void toString_namesFieldsButNeverValues() {
    PartialRecord record =
        PartialRecord.of("003xyz", Map.of("Email", "paul@arrakis.org", "Ssn", "123-45-6789"));

    assertThat(record.toString())
        .contains("003xyz", "Email", "Ssn")
        .doesNotContain("paul@arrakis.org", "123-45-6789");
  }
}
