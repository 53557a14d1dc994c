package io.mutationapi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.JsonNumber;
import io.mutationapi.PartialRecord;
import io.mutationapi.Record;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Objects the codec read are immutable maps like any other, and records keep them uncopied. */
class CheckedObjectTest {
  private final WireCodec codec = WireCodec.standard();

  @SuppressWarnings("unchecked")
  private Map<String, Object> read(String json) {
    return (Map<String, Object>)
        codec.readValue(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readObject_isEqualToAndPrintsLikeTheSameLinkedHashMap() {
    Map<String, Object> read = read("{'b':1,'a':null,'c':{'d':[true]}}");
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("d", List.of(true));
    Map<String, Object> same = new LinkedHashMap<>();
    same.put("b", JsonNumber.parse("1"));
    same.put("a", null);
    same.put("c", inner);

    assertThat(read).isInstanceOf(CheckedObject.class).isEqualTo(same);
    assertThat(same).isEqualTo(read);
    assertThat(read.hashCode()).isEqualTo(same.hashCode());
    assertThat(read.toString()).isEqualTo(same.toString());
    assertThat(read.keySet()).containsExactly("b", "a", "c");
    assertThat(read.containsKey("a")).isTrue();
    assertThat(read.getOrDefault("a", "x")).isNull();
    assertThat(read.getOrDefault("z", "x")).isEqualTo("x");
  }

  @Test
  void readObject_cannotBeChangedInAnyWay() {
    Map<String, Object> read = read("{'a':1,'b':{'c':2}}");
    List<Runnable> changes =
        Arrays.asList(
            () -> read.put("x", 1),
            () -> read.remove("a"),
            () -> read.clear(),
            () -> read.putAll(Map.of("x", 1)),
            () -> read.computeIfAbsent("x", k -> 1),
            () -> read.merge("a", 2, (x, y) -> y),
            () -> read.replaceAll((k, v) -> v),
            () -> read.entrySet().iterator().next().setValue(2),
            () -> read.keySet().remove("a"),
            () -> read.values().clear(),
            () -> ((Map<?, ?>) read.get("b")).clear());
    for (Runnable change : changes) {
      assertThatThrownBy(change::run).isInstanceOf(UnsupportedOperationException.class);
    }
    assertThat(read).containsOnlyKeys("a", "b");
  }

  @Test
  void recordsKeepReadDataAndCopyOtherMaps() {
    Map<String, Object> read = read("{'FirstName':'Paul'}");
    Map<String, Object> own = new LinkedHashMap<>(read);

    assertThat(PartialRecord.of(read).data()).isSameAs(read);
    assertThat(PartialRecord.of(own).data()).isNotSameAs(own).isEqualTo(read);

    Record result =
        codec
            .readResult(
                ("{'records':[{'sync_id':'s','collection_id':'c','upstream_id':'u',"
                        + "'upstream_updated_at':'2024-11-10T18:39:00Z','data':{'a':{'b':1}},"
                        + "'x':{'y':2}}]}")
                    .replace('\'', '"')
                    .getBytes(StandardCharsets.UTF_8))
            .record();
    assertThat(result.data()).isInstanceOf(CheckedObject.class);
    assertThat(result.data().get("a")).isInstanceOf(CheckedObject.class);
    assertThat(result.extensions().get("x")).isInstanceOf(CheckedObject.class);
  }
}
