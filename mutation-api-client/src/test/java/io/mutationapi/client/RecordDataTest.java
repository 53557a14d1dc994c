package io.mutationapi.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mutationapi.JsonNumber;
import io.mutationapi.PartialRecord;
import io.mutationapi.internal.CheckedObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Plain maps are copied into the value model directly, without the mapper's JSON text; whatever is
 * copied so must come out exactly as the mapper's way makes it, and whatever could come out
 * differently must be left to the mapper.
 */
class RecordDataTest {
  private final MutationClient client =
      MutationClient.builder().baseUrl("http://localhost/").apiToken("t").build();

  @AfterEach
  void tearDown() {
    client.close();
  }

  /** The data the mapper's way makes, or the failure as its type and message. */
  private Object viaMapper(Object value) {
    try {
      return RecordData.toData(client.objectMapper(), value, "data");
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  private Object viaClient(Object value) {
    try {
      return RecordData.toData(client, value, "data");
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  @Test
  void plainMaps_copyToWhatTheMapperMakes() {
    SplittableRandom random = new SplittableRandom(20261128L);
    for (int run = 0; run < 3000; run++) {
      Map<String, Object> data = new Gen(random).map(0);
      Object copy = new RecordData.PlainCopy().value(data, 0);

      assertThat(copy).as("run %d: %s", run, data).isNotSameAs(RecordData.PlainCopy.NOT_PLAIN);
      assertThat(copy).as("run %d: %s", run, data).isEqualTo(viaMapper(data));
      assertThat(viaClient(data)).as("run %d", run).isEqualTo(copy);
    }
  }

  @Test
  void plainCopies_areKeptByPartialRecordUncopied() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("FirstName", "Paul");
    data.put("Address", Map.of("City", "Arrakeen"));

    Map<String, Object> copy = RecordData.toData(client, data, "data");

    assertThat(copy).isInstanceOf(CheckedObject.class).isEqualTo(viaMapper(data));
    assertThat(copy.get("Address")).isInstanceOf(CheckedObject.class);
    assertThat(PartialRecord.of(copy).data()).isSameAs(copy);
    data.put("FirstName", "Leto");
    assertThat(copy.get("FirstName")).isEqualTo("Paul");
  }

  @Test
  void numbersAtTheirEdges_copyToWhatTheMapperMakes() {
    List<Object> numbers =
        List.of(
            0,
            -1,
            Integer.MIN_VALUE,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            (short) -7,
            (byte) 127,
            0.0,
            -0.0,
            0.1,
            1e10,
            1e-7,
            1.0e23,
            Double.MAX_VALUE,
            Double.MIN_VALUE,
            -Double.MIN_NORMAL,
            0.1f,
            3.4028235e38f,
            Float.MIN_VALUE,
            new BigDecimal("0.10000000000000000001"),
            new BigDecimal("1E+3"),
            new BigDecimal("-1.5E-20"),
            new BigDecimal(BigInteger.TEN, -400),
            new BigDecimal(BigInteger.ONE, 400),
            BigDecimal.ZERO,
            new BigDecimal("0.000"),
            BigInteger.TWO.pow(2000).negate(),
            JsonNumber.parse("12345678901234567890123"),
            JsonNumber.parse("1e400"),
            JsonNumber.parse("-0"),
            JsonNumber.parse("1.50"));
    for (Object n : numbers) {
      Map<String, Object> data = Collections.singletonMap("n", n);
      Object copy = new RecordData.PlainCopy().value(data, 0);
      assertThat(copy).as("%s %s", n.getClass().getSimpleName(), n).isEqualTo(viaMapper(data));
    }
  }

  @Test
  void whatTheMapperMightWriteDifferently_isLeftToIt() {
    Map<String, Object> identity = new IdentityHashMap<>();
    identity.put("a", 1);
    identity.put(new String("a"), 2);
    Map<String, Object> deep = new HashMap<>();
    Map<String, Object> inner = deep;
    for (int i = 0; i < 40; i++) {
      Map<String, Object> next = new HashMap<>();
      inner.put("x", next);
      inner = next;
    }
    Map<String, Object> wide = new LinkedHashMap<>();
    for (int i = 0; i < 50_000; i++) {
      wide.put("a key of twenty-odd " + i, i); // about 1.8 million characters of JSON
    }
    List<Supplier<Map<?, ?>>> cases =
        List.of(
            () -> Map.of("n", Double.NaN),
            () -> Map.of("n", Double.POSITIVE_INFINITY),
            () -> Map.of("n", Float.NEGATIVE_INFINITY),
            () -> Map.of("d", new Date(0)),
            () -> Map.of("t", Instant.EPOCH),
            () -> Map.of("e", Thread.State.NEW),
            () -> Map.of("o", Optional.of("x")),
            () -> Map.of("u", UUID.fromString("00000000-0000-0000-0000-000000000001")),
            () -> Map.of("c", 'x'),
            () -> Map.of("a", new AtomicInteger(3)),
            () -> Map.of("i", new int[] {1, 2}),
            () -> Map.of("i", new Object[] {"x"}),
            () -> Map.of("s", "broken \ud800 pair"),
            () -> Map.of("broken \udc00 key", 1),
            () -> Map.of(1, "integer key"),
            () -> Map.of("k".repeat(5000), "long key"),
            () -> Map.of("s", "x".repeat(2_000_000)),
            () -> Map.of("b", new BigDecimal(BigInteger.TEN.pow(1000), 3)),
            () -> Map.of("b", BigInteger.TEN.pow(1000)),
            () -> Map.of("j", JsonNumber.parse("1" + "0".repeat(999))),
            () -> Map.of("m", new HashMap<String, Object>() {}),
            () -> identity,
            () -> deep,
            () -> wide);
    for (Supplier<Map<?, ?>> c : cases) {
      Map<?, ?> data = c.get();
      String name = data == wide ? "wide" : data == deep ? "deep" : abbreviate(data);
      assertThat(new RecordData.PlainCopy().value(data, 0))
          .as(name)
          .isSameAs(RecordData.PlainCopy.NOT_PLAIN);
      assertThat(viaClient(data)).as(name).isEqualTo(viaMapper(data));
    }
  }

  private static String abbreviate(Object o) {
    String s = String.valueOf(o);
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }

  @Test
  void aSuppliedMapper_convertsPlainMapsToo() {
    try (MutationClient sorted =
        client.withOptions(
            o ->
                o.objectMapper(
                    JsonMapper.builder()
                        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                        .build()))) {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("b", 1);
      data.put("a", 2);

      assertThat(sorted.hasDefaultObjectMapper()).isFalse();
      assertThat(RecordData.toData(sorted, data, "data").keySet()).containsExactly("a", "b");
      assertThat(RecordData.toData(client, data, "data").keySet()).containsExactly("b", "a");
    }
  }

  @Test
  void defaultObjectMapper_isKeptByDerivedClientsUntilOneIsSupplied() {
    assertThat(client.hasDefaultObjectMapper()).isTrue();
    assertThat(client.withOptions(o -> o.maxRetries(0)).hasDefaultObjectMapper()).isTrue();
    MutationClient custom = client.withOptions(o -> o.objectMapper(JsonMapper.builder().build()));
    assertThat(custom.hasDefaultObjectMapper()).isFalse();
    assertThat(custom.withOptions(o -> o.maxRetries(0)).hasDefaultObjectMapper()).isFalse();
  }

  /** Random plain data in the JDK's maps and collections. */
  private static final class Gen {
    private final SplittableRandom random;

    Gen(SplittableRandom random) {
      this.random = random;
    }

    Map<String, Object> map(int depth) {
      int n = random.nextInt(depth == 0 ? 8 : 4);
      Map<String, Object> entries = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        entries.put(key(i), value(depth));
      }
      switch (random.nextInt(6)) {
        case 0:
          return new HashMap<>(entries);
        case 1:
          return new TreeMap<>(entries);
        case 2:
          return Collections.unmodifiableMap(entries);
        case 3:
          return entries.containsValue(null) ? entries : new ConcurrentHashMap<>(entries);
        case 4:
          return entries.containsValue(null) ? entries : Map.copyOf(entries);
        default:
          return entries;
      }
    }

    private String key(int i) {
      return switch (random.nextInt(5)) {
        case 0 -> "FirstName";
        case 1 -> "";
        case 2 -> "caf\u00e9 " + i;
        case 3 -> "emoji \ud83d\ude00 " + i;
        default -> "k" + i;
      };
    }

    private Object value(int depth) {
      int kinds = depth < 3 ? 16 : 14;
      return switch (random.nextInt(kinds)) {
        case 0 -> null;
        case 1 -> random.nextBoolean();
        case 2 -> "Paul \"Muad'Dib\" Atreides\n\t\\ \u0000 \u2028";
        case 3 -> "\ud83d\ude00 caf\u00e9";
        case 4 -> random.nextInt();
        case 5 -> random.nextLong();
        case 6 -> (short) random.nextInt();
        case 7 -> (byte) random.nextInt();
        case 8 -> Double.longBitsToDouble(random.nextLong()) % 1e300;
        case 9 -> (float) random.nextDouble(-1e6, 1e6);
        case 10 -> new BigDecimal(BigInteger.valueOf(random.nextLong()), random.nextInt(-30, 30));
        case 11 -> BigInteger.valueOf(random.nextLong()).pow(1 + random.nextInt(4));
        case 12 -> JsonNumber.parse(random.nextBoolean() ? "1e400" : "0.10");
        case 13 -> "";
        case 14 -> map(depth + 1);
        default -> list(depth);
      };
    }

    private Object list(int depth) {
      List<Object> items = new ArrayList<>();
      int n = random.nextInt(4);
      for (int i = 0; i < n; i++) {
        items.add(value(depth + 1));
      }
      return switch (random.nextInt(4)) {
        case 0 -> new LinkedList<>(items);
        case 1 -> Arrays.asList(items.toArray());
        case 2 -> items.size() <= 1 ? new HashSet<>(items) : items;
        default -> items;
      };
    }
  }
}
