package io.mutationapi.server.http;

import io.mutationapi.JsonNumber;
import io.mutationapi.internal.Echo;
import io.mutationapi.server.spi.PullRequest;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of {@code /next}, {@code batch_size} and {@code wait_for}, from a query string and
 * a JSON body: integers only, in range, each in one place at most.
 */
final class PullParams {
  static final String BATCH_SIZE = "batch_size";
  static final String WAIT_FOR = "wait_for";
  static final Set<String> NAMES = Set.of(BATCH_SIZE, WAIT_FOR);

  private PullParams() {}

  /**
   * Returns the pull request that {@code query} (raw, may be null) and {@code body} (the parsed
   * JSON object, or an empty map) ask for, with the defaults for what neither names.
   *
   * @param maxWait the longest {@code wait_for} allowed
   * @throws SmallBodies.Refused {@code 400} naming the parameter: unknown, repeated, in both
   *     places, not an integer, or out of range
   */
  static PullRequest of(String query, Map<String, Object> body, Duration maxWait)
      throws SmallBodies.Refused {
    Map<String, String> fromQuery = query(query);
    Map<String, Object> all = new LinkedHashMap<>();
    for (Map.Entry<String, Object> field : body.entrySet()) {
      if (field.getValue() != null) {
        all.put(field.getKey(), field.getValue());
      }
    }
    for (Map.Entry<String, String> param : fromQuery.entrySet()) {
      if (all.containsKey(param.getKey())) {
        throw SmallBodies.Refused.invalid(
            param.getKey() + ": given both in the query string and in the body; give it once");
      }
      all.put(param.getKey(), new QueryValue(param.getValue()));
    }
    long batchSize = integer(all, BATCH_SIZE, PullRequest.DEFAULT_BATCH_SIZE);
    if (batchSize < 1 || batchSize > PullRequest.MAX_BATCH_SIZE) {
      throw SmallBodies.Refused.invalid(
          BATCH_SIZE + ": must be 1 to " + PullRequest.MAX_BATCH_SIZE + ", got " + batchSize);
    }
    long waitFor = integer(all, WAIT_FOR, 0);
    if (waitFor < 0 || waitFor > maxWait.toMillis()) {
      throw SmallBodies.Refused.invalid(
          WAIT_FOR
              + ": must be 0 to "
              + maxWait.toMillis()
              + " milliseconds (the server's maximum), got "
              + waitFor);
    }
    return new PullRequest((int) batchSize, Duration.ofMillis(waitFor));
  }

  /** The query's parameters, percent-decoded; unknown or repeated ones are refused. */
  private static Map<String, String> query(String query) throws SmallBodies.Refused {
    Map<String, String> params = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return params;
    }
    List<String> unknown = new ArrayList<>();
    for (String pair : query.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (name == null || value == null) {
        throw SmallBodies.Refused.invalid(
            "the query string is not percent-encoded UTF-8: " + Echo.truncate(pair));
      }
      if (!NAMES.contains(name)) {
        unknown.add("'" + Echo.truncate(name) + "'");
      } else if (params.put(name, value) != null) {
        throw SmallBodies.Refused.invalid(name + ": given more than once in the query string");
      }
    }
    if (!unknown.isEmpty()) {
      throw SmallBodies.Refused.invalid(
          "unknown query parameter"
              + (unknown.size() > 1 ? "s " : " ")
              + String.join(", ", unknown.subList(0, Math.min(unknown.size(), 5)))
              + (unknown.size() > 5 ? " (and " + (unknown.size() - 5) + " more)" : "")
              + "; known: batch_size, wait_for");
    }
    return params;
  }

  /** A query component percent-decoded ({@code +} is a space); null if malformed. */
  private static String decode(String component) {
    return PathIds.decode(component.replace('+', ' '));
  }

  private static long integer(Map<String, Object> params, String name, long absent)
      throws SmallBodies.Refused {
    Object value = params.get(name);
    if (value == null) {
      return absent;
    }
    BigInteger n = null;
    if (value instanceof JsonNumber && ((JsonNumber) value).isIntegral()) {
      n = exact(((JsonNumber) value).bigDecimalValue());
    } else if (value instanceof QueryValue && ((QueryValue) value).text.matches("-?[0-9]{1,30}")) {
      n = new BigInteger(((QueryValue) value).text);
    }
    if (n == null) {
      String shown =
          value instanceof QueryValue
              ? "'" + Echo.truncate(((QueryValue) value).text) + "'"
              : typeOf(value);
      throw SmallBodies.Refused.invalid(name + ": must be an integer, got " + shown);
    }
    // Out of range either way: clamp so that the range check names it.
    return n.max(BigInteger.valueOf(Long.MIN_VALUE))
        .min(BigInteger.valueOf(Long.MAX_VALUE))
        .longValue();
  }

  private static BigInteger exact(BigDecimal value) {
    if (value.precision() - value.scale() > 30) {
      // 1e999999999 is an integer too, but far out of range: never expand it.
      return value.signum() < 0
          ? BigInteger.valueOf(Long.MIN_VALUE)
          : BigInteger.valueOf(Long.MAX_VALUE);
    }
    try {
      return value.toBigIntegerExact();
    } catch (ArithmeticException e) {
      return null;
    }
  }

  /** A parameter from the query string: text that must spell an integer. */
  private record QueryValue(String text) {}

  private static String typeOf(Object value) {
    if (value instanceof JsonNumber) {
      return "a number with a fraction or an exponent";
    }
    if (value instanceof String) {
      return "a string";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    if (value instanceof List) {
      return "an array";
    }
    return value instanceof Map ? "an object" : "null";
  }
}
