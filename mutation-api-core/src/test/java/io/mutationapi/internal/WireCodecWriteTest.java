package io.mutationapi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Written bodies are whole and exact at every size, in one piece from the generator or many. */
class WireCodecWriteTest {
  private final WireCodec codec = WireCodec.standard();

  private static byte[] reference(Object value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      JsonModel.write(g, value);
    }
    return out.toByteArray();
  }

  @Test
  void writeValue_isExactAroundTheGeneratorsBufferSizeAndFarBeyondIt() throws IOException {
    // {"s":"..."} is 8 bytes around the string; Jackson's generator buffers 8000.
    for (int length :
        new int[] {0, 1, 200, 7990, 7991, 7992, 7993, 8000, 8001, 16_000, 100_000, 1_000_000}) {
      Map<String, Object> value = new LinkedHashMap<>();
      value.put("s", "x".repeat(length));
      byte[] written = codec.writeValue(value);

      assertThat(written).as("length %d", length).isEqualTo(reference(value));
      assertThat(codec.readValue(written)).isEqualTo(value);
    }
  }

  @Test
  void writeValue_isExactForManySmallWrites() throws IOException {
    Map<String, Object> value = new LinkedHashMap<>();
    for (int i = 0; i < 5000; i++) {
      value.put("k" + i, List.of("v" + i, true));
    }
    assertThat(codec.writeValue(value)).isEqualTo(reference(value));
  }
}
