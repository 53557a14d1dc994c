package io.mutationapi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.AwaitConsumers;
import io.mutationapi.ErrorCode;
import io.mutationapi.JsonNumber;
import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.MutationResult;
import io.mutationapi.PartialRecord;
import io.mutationapi.Record;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Property-style round trips with a fixed seed: whatever valid value is written reads back equal,
 * with key order, absent-versus-null and exact number text intact, and writes again to the same
 * bytes.
 */
class RoundTripPropertyTest {
  private static final int RUNS = 2000;
  private static final Set<String> RECORD_FIELDS =
      Set.of(
          "sync_id",
          "collection_id",
          "upstream_id",
          "upstream_updated_at",
          "upstream_created_at",
          "updated_idx",
          "data",
          "deleted");

  private final WireCodec codec = WireCodec.standard();

  @Test
  void randomRequests_roundTripEqualAndByteStable() {
    Gen gen = new Gen(20261128L);
    int[] kinds = new int[3];
    for (int run = 0; run < RUNS; run++) {
      MutationRequest request = gen.request();
      kinds[request.kind().ordinal()]++;

      byte[] wire = codec.writeRequest(request);
      MutationRequest again = codec.readRequest(wire);

      assertThat(again).as("run %d: %s", run, request).isEqualTo(request);
      assertThat(codec.writeRequest(again)).as("run %d", run).isEqualTo(wire);
    }
    for (int n : kinds) {
      assertThat(n).isGreaterThan(RUNS / 5);
    }
  }

  @Test
  void randomResults_roundTripEqualAndByteStable() {
    Gen gen = new Gen(42L);
    for (int run = 0; run < RUNS; run++) {
      MutationResult result = new MutationResult(gen.records(gen.random.nextInt(4)));

      byte[] wire = codec.writeResult(result);
      MutationResult again = codec.readResult(wire);

      assertThat(again).as("run %d", run).isEqualTo(result);
      assertThat(codec.writeResult(again)).as("run %d", run).isEqualTo(wire);
    }
  }

  @Test
  void randomErrors_roundTripEqualAndByteStable() {
    Gen gen = new Gen(7L);
    for (int run = 0; run < RUNS; run++) {
      MutationError error = gen.error();

      byte[] wire = codec.writeError(error);
      MutationError again = codec.readError(error.status(), wire);

      assertThat(again).as("run %d: %s", run, error).isEqualTo(error);
      assertThat(codec.writeError(again)).as("run %d", run).isEqualTo(wire);
    }
  }

  @Test
  void randomValues_roundTripThroughTheValueModelKeepingKeyOrder() {
    Gen gen = new Gen(99L);
    for (int run = 0; run < RUNS; run++) {
      // Through the vocabulary, which turns Java numbers into exact JsonNumbers.
      Map<String, Object> value = PartialRecord.of(gen.object(0)).data();

      Object again = codec.readValue(codec.writeValue(value));

      assertThat(again).as("run %d", run).isEqualTo(value);
      assertKeyOrder(again, value);
    }
  }

  @Test
  void recordData_keepsKeyOrderNullsAndAbsence() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("z", 1);
    data.put("Email", null);
    data.put("a", List.of(Map.of("k", "v")));
    data.put("m", null);
    MutationRequest update =
        MutationRequest.update("s", "c").record("003", data).record("004", Map.of()).build();

    MutationRequest.Update again =
        (MutationRequest.Update) codec.readRequest(codec.writeRequest(update));

    Map<String, Object> first = again.records().get(0).data();
    assertThat(first.keySet()).containsExactly("z", "Email", "a", "m");
    assertThat(first).containsEntry("Email", null).doesNotContainKey("Phone");
    assertThat(again.records().get(1).data()).isEmpty();
    assertThat(again)
        .isNotEqualTo(
            MutationRequest.update("s", "c")
                .record("003", Map.of("z", 1, "a", List.of(Map.of("k", "v"))))
                .record("004", Map.of())
                .build());
  }

  @Test
  void timestamps_keepMicrosecondsAndTruncateNanos() {
    Record record =
        Record.builder()
            .syncId("s")
            .collectionId("c")
            .upstreamId("u")
            .upstreamUpdatedAt(Instant.parse("2024-11-10T18:39:00.000001Z"))
            .upstreamCreatedAt(Instant.parse("1999-12-31T23:59:59.123456789Z"))
            .build();

    String wire =
        new String(codec.writeResult(new MutationResult(List.of(record))), StandardCharsets.UTF_8);
    Record again = codec.readResult(wire.getBytes(StandardCharsets.UTF_8)).record();

    assertThat(wire)
        .contains("\"upstream_updated_at\":\"2024-11-10T18:39:00.000001Z\"")
        .contains("\"upstream_created_at\":\"1999-12-31T23:59:59.123456Z\"");
    assertThat(again.upstreamUpdatedAt()).isEqualTo(Instant.parse("2024-11-10T18:39:00.000001Z"));
    assertThat(again.upstreamCreatedAt()).contains(Instant.parse("1999-12-31T23:59:59.123456Z"));
  }

  @Test
  void timestamps_withOffsetOrWithoutFraction_readAsTheSameInstant() {
    String body =
        "{\"records\":[{\"sync_id\":\"s\",\"collection_id\":\"c\",\"upstream_id\":\"u\","
            + "\"upstream_updated_at\":\"2024-11-10T20:39:00.5+02:00\","
            + "\"upstream_created_at\":\"2024-11-10T18:39:00Z\",\"data\":{}}]}";

    Record record = codec.readResult(body.getBytes(StandardCharsets.UTF_8)).record();

    assertThat(record.upstreamUpdatedAt()).isEqualTo(Instant.parse("2024-11-10T18:39:00.500Z"));
    assertThat(record.upstreamCreatedAt()).contains(Instant.parse("2024-11-10T18:39:00Z"));
  }

  private static void assertKeyOrder(Object actual, Object expected) {
    if (expected instanceof Map) {
      Map<?, ?> e = (Map<?, ?>) expected;
      Map<?, ?> a = (Map<?, ?>) actual;
      assertThat(new ArrayList<>(a.keySet())).isEqualTo(new ArrayList<>(e.keySet()));
      for (Object key : e.keySet()) {
        assertKeyOrder(a.get(key), e.get(key));
      }
    } else if (expected instanceof List) {
      List<?> e = (List<?>) expected;
      List<?> a = (List<?>) actual;
      for (int i = 0; i < e.size(); i++) {
        assertKeyOrder(a.get(i), e.get(i));
      }
    }
  }

  /** Generates valid values of the vocabulary. */
  static final class Gen {
    private static final String[] ALPHABETS = {
      "abcxyzABCXYZ019_-.:@ ",
      "\"\\/\b\f\n\r\t\u0000\u0001\u001f\u007f",
      "\u00e9\u00df\u4e2d\u6587\u0416\u2028\u2029\ufeff\ufffd",
    };
    private static final int[] NON_BMP = {0x1F600, 0x1D11E, 0x10000, 0x10FFFF, 0x2070E};

    final Random random;

    Gen(long seed) {
      this.random = new Random(seed);
    }

    String string(int maxLength) {
      int length = random.nextInt(maxLength + 1);
      StringBuilder sb = new StringBuilder();
      while (sb.length() < length) {
        int pick = random.nextInt(10);
        if (pick < 2) {
          sb.appendCodePoint(NON_BMP[random.nextInt(NON_BMP.length)]);
        } else {
          String alphabet = ALPHABETS[pick < 7 ? 0 : pick < 8 ? 1 : 2];
          sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      return sb.toString();
    }

    String id() {
      String s = string(12);
      return s.isEmpty() ? "id" + random.nextInt(1000) : s;
    }

    Object number() {
      switch (random.nextInt(9)) {
        case 0:
          return random.nextInt();
        case 1:
          return random.nextLong();
        case 2:
          return JsonNumber.of(new BigInteger(random.nextInt(200) + 1, random).negate());
        case 3:
          {
            double d = random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            return random.nextBoolean() ? d : -d;
          }
        case 4:
          return new BigDecimal(new BigInteger(80, random), random.nextInt(60) - 30);
        case 5:
          return JsonNumber.parse(
              List.of("0", "-0", "-0.0", "0.1", "1e400", "1E-400", "12345678901234567890", "1.0")
                  .get(random.nextInt(8)));
        default:
          return JsonNumber.parse(numberText());
      }
    }

    /** Any text the JSON number grammar allows. */
    String numberText() {
      StringBuilder sb = new StringBuilder();
      if (random.nextBoolean()) {
        sb.append('-');
      }
      if (random.nextInt(4) == 0) {
        sb.append('0');
      } else {
        sb.append((char) ('1' + random.nextInt(9)));
        digits(sb, random.nextInt(30));
      }
      if (random.nextBoolean()) {
        sb.append('.');
        digits(sb, 1 + random.nextInt(30));
      }
      if (random.nextBoolean()) {
        sb.append(random.nextBoolean() ? 'e' : 'E');
        int sign = random.nextInt(3);
        if (sign > 0) {
          sb.append(sign == 1 ? '+' : '-');
        }
        digits(sb, 1 + random.nextInt(4));
      }
      return sb.toString();
    }

    private void digits(StringBuilder sb, int n) {
      for (int i = 0; i < n; i++) {
        sb.append((char) ('0' + random.nextInt(10)));
      }
    }

    Object value(int depth) {
      int pick = random.nextInt(depth > 4 ? 5 : 8);
      switch (pick) {
        case 0:
          return null;
        case 1:
          return random.nextBoolean();
        case 2:
        case 3:
          return string(20);
        case 4:
          return number();
        case 5:
        case 6:
          return object(depth + 1);
        default:
          {
            List<Object> list = new ArrayList<>();
            int n = random.nextInt(4);
            for (int i = 0; i < n; i++) {
              list.add(value(depth + 1));
            }
            return list;
          }
      }
    }

    Map<String, Object> object(int depth) {
      Map<String, Object> map = new LinkedHashMap<>();
      int n = random.nextInt(depth == 0 ? 7 : 4);
      for (int i = 0; i < n; i++) {
        map.put(string(10), value(depth + 1));
      }
      return map;
    }

    Optional<AwaitConsumers> await() {
      if (random.nextInt(3) == 0) {
        return Optional.empty();
      }
      List<String> ids = new ArrayList<>();
      int n = random.nextInt(4);
      for (int i = 0; i < n; i++) {
        ids.add(id());
      }
      if (n > 0 && random.nextBoolean()) {
        ids.add(ids.get(0)); // collapses
      }
      // A quarter with sub-millisecond parts, which the wire cannot carry.
      Duration timeout =
          random.nextInt(4) == 0
              ? Duration.ofNanos(1 + random.nextInt(300_000_000))
              : Duration.ofMillis(1 + random.nextInt(300_000));
      return Optional.of(new AwaitConsumers(ids, timeout));
    }

    MutationRequest request() {
      String syncId = id();
      String collectionId = id();
      Optional<AwaitConsumers> await = await();
      int n = 1 + random.nextInt(5);
      switch (random.nextInt(3)) {
        case 0:
          {
            List<PartialRecord> records = new ArrayList<>();
            for (int i = 0; i < n; i++) {
              records.add(PartialRecord.of(object(0)));
            }
            return new MutationRequest.Create(syncId, collectionId, records, await);
          }
        case 1:
          {
            List<PartialRecord> records = new ArrayList<>();
            for (String id : uniqueIds(n)) {
              records.add(PartialRecord.of(id, object(0)));
            }
            return new MutationRequest.Update(syncId, collectionId, records, await);
          }
        default:
          return new MutationRequest.Delete(syncId, collectionId, uniqueIds(n), await);
      }
    }

    List<String> uniqueIds(int n) {
      Set<String> ids = new LinkedHashSet<>();
      while (ids.size() < n) {
        ids.add(id());
      }
      return new ArrayList<>(ids);
    }

    Instant instant() {
      return Instant.ofEpochSecond(
          (long) random.nextInt(2_051_222_400) * 2L, random.nextInt(1_000_000_000));
    }

    Record record() {
      Record.Builder b =
          Record.builder()
              .syncId(id())
              .collectionId(id())
              .upstreamId(id())
              .upstreamUpdatedAt(instant())
              .data(object(0))
              .deleted(random.nextBoolean());
      if (random.nextBoolean()) {
        b.upstreamCreatedAt(instant());
      }
      if (random.nextBoolean()) {
        b.updatedIdx(random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(1000));
      }
      int extensions = random.nextInt(3);
      for (int i = 0; i < extensions; i++) {
        String name = "x_" + string(8);
        if (!RECORD_FIELDS.contains(name)) {
          b.extension(name, value(1));
        }
      }
      return b.build();
    }

    List<Record> records(int n) {
      List<Record> records = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        records.add(record());
      }
      return records;
    }

    List<String> strings(int max) {
      List<String> out = new ArrayList<>();
      int n = random.nextInt(max + 1);
      for (int i = 0; i < n; i++) {
        out.add(string(15));
      }
      return out;
    }

    MutationError error() {
      Optional<ErrorCode> code;
      switch (random.nextInt(3)) {
        case 0:
          code = Optional.empty();
          break;
        case 1:
          code = Optional.of(ErrorCode.CONSUMERS_TIMEOUT);
          break;
        default:
          code = Optional.of(ErrorCode.of("x_" + string(10)));
      }
      List<MutationError.Failure> failures = new ArrayList<>();
      int n = random.nextInt(3);
      for (int i = 0; i < n; i++) {
        failures.add(new MutationError.Failure(random.nextInt(1000), string(20)));
      }
      return new MutationError(
          100 + random.nextInt(500),
          code,
          random.nextBoolean() ? MutationError.MESSAGE_PREFIX + string(30) : string(30),
          strings(2),
          strings(3),
          records(random.nextInt(3)),
          failures);
    }
  }
}
