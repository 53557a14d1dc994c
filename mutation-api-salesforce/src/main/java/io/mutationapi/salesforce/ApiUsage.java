package io.mutationapi.salesforce;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The org's use of its daily API allocation, as Salesforce last reported it in the {@code
 * Sforce-Limit-Info: api-usage=<used>/<max>} header of an answer.
 *
 * <p>Salesforce counts calls over a rolling 24 hours, per org, and updates the count
 * asynchronously, so the value is approximate. Immutable.
 *
 * @param used calls counted against the allocation
 * @param max the allocation
 * @param observedAt when the answer that carried it arrived
 */
public record ApiUsage(long used, long max, Instant observedAt) {
  private static final Pattern API_USAGE =
      Pattern.compile("(?:^|[;,\\s])api-usage\\s*=\\s*(\\d{1,18})\\s*/\\s*(\\d{1,18})");

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if a count is negative
   */
  public ApiUsage {
    if (used < 0 || max < 0) {
      throw new IllegalArgumentException("counts must not be negative: " + used + "/" + max);
    }
    Objects.requireNonNull(observedAt, "observedAt");
  }

  /**
   * Returns the share of the allocation used, e.g. {@code 0.5} for {@code 50000/100000}; above 1
   * when the org is over its allocation; 1 when the allocation is 0.
   */
  public double share() {
    return max == 0 ? 1.0 : (double) used / max;
  }

  /**
   * Reads the {@code api-usage} part of a {@code Sforce-Limit-Info} header, e.g. {@code
   * api-usage=25/5000; per-app-api-usage=17/250(appName=sample-connected-app)}; empty if {@code
   * header} is null or has none.
   */
  static Optional<ApiUsage> parse(String header, Instant observedAt) {
    if (header == null) {
      return Optional.empty();
    }
    Matcher m = API_USAGE.matcher(header);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(
        new ApiUsage(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), observedAt));
  }

  @Override
  public String toString() {
    return "api-usage=" + used + "/" + max + " at " + observedAt;
  }
}
