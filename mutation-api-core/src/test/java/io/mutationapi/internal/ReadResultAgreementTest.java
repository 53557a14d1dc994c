package io.mutationapi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.MutationResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link WireCodec#readResult} streams records from the parser; {@link ModelResultReader} is how it
 * read them before, through the value model of the whole body. Over generated bodies, good and
 * broken in every way we could think of, both give equal results, or the same exception with the
 * same message.
 */
class ReadResultAgreementTest {
  private static final int RUNS = 20_000;

  private final WireCodec codec = WireCodec.standard();

  /** A result, or the failure as its type and message, for comparing. */
  private Object outcome(boolean streaming, byte[] body) {
    try {
      MutationResult result =
          streaming ? codec.readResult(body) : ModelResultReader.readResult(codec, body);
      return result;
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  @Test
  void generatedBodies_readTheSameAsThroughTheModel() {
    SplittableRandom random = new SplittableRandom(20261128L);
    int results = 0;
    List<String> failures = new ArrayList<>();
    for (int run = 0; run < RUNS; run++) {
      String text = new Gen(random).body();
      byte[] body = text.getBytes(StandardCharsets.UTF_8);
      Object expected = outcome(false, body);
      Object actual = outcome(true, body);
      assertThat(actual).as("run %d: %s", run, text).isEqualTo(expected);
      if (expected instanceof MutationResult) {
        results++;
      } else {
        failures.add((String) expected);
      }
    }
    // Both kinds of outcome, and many different failures, were exercised.
    assertThat(results).isGreaterThan(RUNS / 10);
    assertThat(failures.size()).isGreaterThan(RUNS / 10);
    assertThat(failures.stream().map(f -> f.replaceAll("\\[\\d+]", "[i]")).distinct().count())
        .isGreaterThan(25);
  }

  @Test
  void truncatedBodies_readTheSameAsThroughTheModel() {
    SplittableRandom random = new SplittableRandom(99L);
    for (int run = 0; run < 150; run++) {
      byte[] whole = new Gen(random).body().getBytes(StandardCharsets.UTF_8);
      for (int end = 0; end < whole.length; end += 1 + random.nextInt(7)) {
        byte[] body = java.util.Arrays.copyOf(whole, end);
        assertThat(outcome(true, body))
            .as("%s", new String(body, StandardCharsets.UTF_8))
            .isEqualTo(outcome(false, body));
      }
    }
  }

  @Test
  void duplicateNamesAnywhere_failAsJacksonReportsThem() {
    String record =
        "{'sync_id':'s','collection_id':'c','upstream_id':'u',"
            + "'upstream_updated_at':'2024-11-10T18:39:00Z',%s}";
    List<String> bodies =
        List.of(
            "{'records':[],'records':[]}",
            "{'next':1,'records':[],'next':2}",
            "{'next':{'a':1,'a':2},'records':[]}",
            "{'records':[" + String.format(record, "'sync_id':'t'") + "]}",
            "{'records':[" + String.format(record, "'x':1,'x':2") + "]}",
            "{'records':[" + String.format(record, "'data':{'a':1,'a':2}") + "]}",
            "{'records':[" + String.format(record, "'data':{'a':[{'b':1,'b':1}]}") + "]}",
            "{'records':[" + String.format(record, "'x':{'y':{'z':1,'z':1}}") + "]}",
            "{'records':[{'a':1,'a':2}, 7]}",
            "{'records':[7,{'a':1,'a':2}]}",
            "{'records':[" + String.format(record, "'data':{'a':1,'a':'x") + "]}",
            "{'records':[" + String.format(record, "'data':{'a':1,'a':x}") + "]}",
            "{'records':[" + String.format(record, "'x':1,'x':-}") + "]}");
    for (String json : bodies) {
      byte[] body = json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
      Object expected = outcome(false, body);
      assertThat(expected).as(json).asString().contains("malformed JSON");
      assertThat(outcome(true, body)).as(json).isEqualTo(expected);
    }
  }

  /** Writes JSON text by hand so that it can be wrong in any place. */
  private static final class Gen {
    private static final String[] KNOWN = {
      "sync_id",
      "collection_id",
      "upstream_id",
      "upstream_updated_at",
      "upstream_created_at",
      "updated_idx",
      "data",
      "deleted",
    };

    private final SplittableRandom random;
    private final StringBuilder sb = new StringBuilder();

    Gen(SplittableRandom random) {
      this.random = random;
    }

    private boolean chance(int percent) {
      return random.nextInt(100) < percent;
    }

    String body() {
      if (chance(2)) {
        return pick("", " ", "[]", "\"x\"", "1", "null", "{", "{}", "{} {}", "{}x", "[{}]");
      }
      sb.append('{');
      boolean first = true;
      if (chance(10)) {
        first = member(first, pick("next", "count", "records_", "\"records\""), this::anyValue);
      }
      if (!chance(5)) {
        first = member(first, "records", chance(5) ? this::anyValue : this::records);
      }
      if (chance(10)) {
        first = member(first, pick("next", "meta", "\\ud800x"), this::anyValue);
      }
      if (chance(2)) {
        first = member(first, "records", this::records); // a duplicate
      }
      if (chance(2)) {
        first = member(first, "next", this::anyValue);
        member(first, "next", this::anyValue); // a duplicate of an ignored name
      }
      sb.append('}');
      if (chance(2)) {
        sb.append(pick(" ", "\n", "x", "{}", "]", ","));
      }
      return sb.toString();
    }

    private boolean member(boolean first, String name, Runnable value) {
      if (!first) {
        sb.append(',');
      }
      sb.append('"').append(name).append("\":");
      value.run();
      return false;
    }

    private void records() {
      sb.append('[');
      int n = random.nextInt(4);
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          sb.append(',');
        }
        if (chance(3)) {
          anyValue();
        } else {
          record();
        }
      }
      sb.append(']');
    }

    private void record() {
      sb.append('{');
      List<String> names = new ArrayList<>();
      for (String known : KNOWN) {
        if (!chance(known.equals("upstream_created_at") || known.equals("updated_idx") ? 30 : 4)) {
          names.add(known);
        }
      }
      if (chance(15)) {
        names.add(pick("x_new", "extra", "Data", "sync_id ", "\\u00e9t\\u00e9"));
      }
      if (chance(2)) {
        names.add("sync_id"); // a duplicate
      }
      if (chance(2)) {
        names.add("x_dup"); // a duplicate extension
        names.add("x_dup");
      }
      // Any order: a reader must not depend on the order a server writes fields in.
      for (int i = names.size() - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        String t = names.get(i);
        names.set(i, names.get(j));
        names.set(j, t);
      }
      boolean first = true;
      for (String name : names) {
        first = member(first, name, () -> field(name));
      }
      sb.append('}');
    }

    private void field(String name) {
      if (chance(4)) {
        anyValue();
        return;
      }
      switch (name) {
        case "sync_id":
        case "collection_id":
        case "upstream_id":
          sb.append(pick("\"s\"", "\"salesforce:contact\"", "\"003x\"", "\"\"", "\"a\\ud800\""));
          break;
        case "upstream_updated_at":
        case "upstream_created_at":
          sb.append('"').append(timestamp()).append('"');
          break;
        case "updated_idx":
          sb.append(
              pick(
                  "1",
                  "0",
                  "-5",
                  "42",
                  "123456789012345678",
                  "-123456789012345678",
                  "9223372036854775807",
                  "-9223372036854775808",
                  "9223372036854775808",
                  "-9223372036854775809",
                  "18446744073709551617",
                  "00000000000000000001",
                  "1.0",
                  "1e3",
                  "null",
                  "\"1\""));
          break;
        case "data":
          if (chance(90)) {
            object(0);
          } else {
            anyValue();
          }
          break;
        case "deleted":
          sb.append(pick("true", "false", "null", "0", "\"true\""));
          break;
        default:
          anyValue();
      }
    }

    private String timestamp() {
      String t =
          pick(
              "2024-11-10T18:39:00.070453Z",
              "2024-11-10T18:39:00Z",
              "2024-11-10T18:39:00.1+02:00",
              "2024-11-10T18:39:00.123456789-05:30",
              "0000-01-01T00:00:00Z",
              "9999-12-31T23:59:59.999999Z",
              "2024-11-10t18:39:00z",
              "2024-11-10T18:39Z",
              "2024-11-10T18:39:00+02",
              "2024-02-30T00:00:00Z",
              "2024-11-10T18:39:00",
              "2024-11-10",
              "yesterday",
              "",
              "+12024-11-10T18:39:00Z");
      if (chance(5) && !t.isEmpty()) {
        int at = random.nextInt(t.length());
        t = t.substring(0, at) + pick("9", "x", "", "::") + t.substring(at + 1);
      }
      return t;
    }

    private void object(int depth) {
      sb.append('{');
      int n = random.nextInt(5);
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append('"')
            .append(pick("FirstName", "Email", "n" + i, "a\\\"b", "\\ud83d\\ude00", "\\udc00"))
            .append("\":");
        if (depth < 2 && chance(15)) {
          object(depth + 1);
        } else {
          scalar();
        }
      }
      sb.append('}');
    }

    private void anyValue() {
      switch (random.nextInt(4)) {
        case 0:
          object(1);
          break;
        case 1:
          sb.append('[');
          if (chance(50)) {
            scalar();
            sb.append(',');
            scalar();
          }
          sb.append(']');
          break;
        default:
          scalar();
      }
    }

    private void scalar() {
      sb.append(
          pick(
              "null",
              "true",
              "false",
              "0",
              "-1",
              "1.5e300",
              "12345678901234567890123",
              "0.1",
              "\"Paul\"",
              "\"\"",
              "\"caf\\u00e9\"",
              "\"\\ud800\"",
              "\"line\\nbreak\"",
              "01",
              "NaN",
              "'x'"));
    }

    private String pick(String... options) {
      // Broken choices come last in each list and are picked less often.
      int i = random.nextInt(options.length);
      if (i >= options.length / 2 && chance(50)) {
        i = random.nextInt(Math.max(1, options.length / 2));
      }
      return options[i];
    }
  }
}
