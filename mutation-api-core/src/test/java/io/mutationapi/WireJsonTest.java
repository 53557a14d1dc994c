package io.mutationapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.internal.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The public JSON of the wire that adapters use instead of the codec. */
class WireJsonTest {
  private static final Record RECORD =
      Record.builder()
          .syncId("sync_1")
          .collectionId("contacts")
          .upstreamId("003A")
          .upstreamUpdatedAt(Instant.parse("2024-11-10T18:39:00.070453Z"))
          .data(data())
          .build();

  private static Map<String, Object> data() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("Zeta", JsonNumber.parse("1.50"));
    data.put("Alpha", List.of("x", true));
    data.put("Empty", null);
    return data;
  }

  @Test
  void writeValue_keepsKeyOrderAndNumberText_asTheServerWritesData() {
    assertThat(WireJson.writeValueAsString(RECORD.data()))
        .isEqualTo("{\"Zeta\":1.50,\"Alpha\":[\"x\",true],\"Empty\":null}");
    assertThat(WireJson.writeValue(RECORD.data()))
        .isEqualTo(WireCodec.standard().writeValue(RECORD.data()));
  }

  @Test
  void writeValue_whenAValueIsOutsideTheModel_throwsIllegalArgument() {
    assertThatThrownBy(() -> WireJson.writeValue(Map.of("when", new Date())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.util.Date");
  }

  @Test
  void readValue_readsWhatWriteValueWrote() {
    assertThat(WireJson.readValue(WireJson.writeValue(RECORD.data()))).isEqualTo(RECORD.data());
  }

  @Test
  void readValue_whenMalformed_throwsMutationApiExceptionNamingThePlace() {
    assertThatThrownBy(() -> WireJson.readValue("{\"a\":".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MutationApiException.class)
        .hasMessageContaining("malformed JSON");
  }

  @Test
  void writeResult_isByteIdenticalToTheServersSuccessBody_andReadResultReadsItBack() {
    MutationResult result = new MutationResult(List.of(RECORD));
    byte[] body = WireJson.writeResult(result);
    assertThat(body).isEqualTo(WireCodec.standard().writeResult(result));
    assertThat(WireJson.readResult(body)).isEqualTo(result);
  }
}
