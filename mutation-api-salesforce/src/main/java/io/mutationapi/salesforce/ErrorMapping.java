package io.mutationapi.salesforce;

import io.mutationapi.server.spi.UpstreamException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Salesforce's failures as the API's errors, by the mapping table of the adapter's README: data
 * errors are 400 {@code upstream_validation_error} with Salesforce's message verbatim, the API
 * limit is 429 {@code rate_limited}, timeouts are 504, and everything else (configuration,
 * authentication, outages) is 502 {@code upstream_error}. Messages are for the API's caller and
 * never carry a token or a secret.
 */
final class ErrorMapping {
  private static final Logger log = LoggerFactory.getLogger(SalesforceUpstream.class);

  /** When to retry after the daily allocation ran out: it rolls over 24 hours, with no reset. */
  static final Duration DAILY_LIMIT_RETRY = Duration.ofSeconds(60);

  /** When to retry after too many long-running calls at once. */
  static final Duration CONCURRENT_LIMIT_RETRY = Duration.ofSeconds(10);

  static final String LIMIT_EXCEEDED = "Salesforce API request limit exceeded";
  static final String TIMED_OUT = "Salesforce API timed out";

  /** Codes that say a record named by id does not exist (or not any more, or not like that). */
  static final Set<String> TARGET_ID_CODES =
      Set.of("NOT_FOUND", "ENTITY_IS_DELETED", "MALFORMED_ID", "INVALID_ID_FIELD");

  private static final Set<String> TIMEOUT_CODES =
      Set.of("QUERY_TIMEOUT", "REQUEST_RUNNING_TOO_LONG");

  private ErrorMapping() {}

  /** Returns the failure for a whole call that Salesforce answered with {@code answer}. */
  static UpstreamException forAnswer(Answer answer, CallSpec spec) {
    int status = answer.status();
    List<SfError> errors = answer.json().map(SfError::list).orElse(List.of());
    if (status == 300) {
      return UpstreamException.validation(
          validationMessage("external id matches more than one record"));
    }
    if (status == 401) {
      return UpstreamException.failed(TokenSource.AUTH_FAILED, null);
    }
    if (errors.isEmpty()) {
      // An HTML page from Salesforce's edge, an empty body, or JSON without errors.
      return UpstreamException.failed("Salesforce API error (HTTP " + status + ")", null);
    }
    SfError first = errors.get(0);
    String code = first.code();
    if (code.equals("REQUEST_LIMIT_EXCEEDED")) {
      return rateLimited(first);
    }
    if (TIMEOUT_CODES.contains(code)) {
      return UpstreamException.timeout(TIMED_OUT);
    }
    if (code.equals("EXCEEDED_ID_LIMIT")) {
      log.error("Salesforce refused {} with EXCEEDED_ID_LIMIT: more than 200 records, a bug", spec);
      return requestFailed(first);
    }
    if (status >= 500) {
      return UpstreamException.failed(
          "Salesforce API error (HTTP " + status + "): " + describe(first), null);
    }
    if (status == 404 && code.equals("NOT_FOUND")) {
      // The sObject or the URL itself: a wrong mapping or API version.
      return requestFailed(first);
    }
    boolean aboutTargets =
        TARGET_ID_CODES.contains(code)
            && !spec.targetIds().isEmpty()
            && (status == 400 || status == 404);
    if (aboutTargets) {
      return UpstreamException.validation(targetMessage(first, spec.targetIds()));
    }
    if (status == 400 && spec.write() && !code.equals(SfError.LOCKED)) {
      return UpstreamException.validation(validationMessage(errors));
    }
    // Other 403s (API disabled, no access), a refused read, a lock that outlasted the retries,
    // 405, 409, 410, 414, 415, 420, 428, 431: configuration or an adapter bug.
    return requestFailed(first, status);
  }

  /** Returns a 429 for a {@code REQUEST_LIMIT_EXCEEDED} error. */
  static UpstreamException rateLimited(SfError error) {
    boolean concurrent = error.message().startsWith("ConcurrentRequests");
    return UpstreamException.rateLimited(
        LIMIT_EXCEEDED, concurrent ? CONCURRENT_LIMIT_RETRY : DAILY_LIMIT_RETRY);
  }

  /** Returns {@code Salesforce validation error: `m1; m2`} for {@code errors}. */
  static String validationMessage(List<SfError> errors) {
    return validationMessage(
        errors.stream().map(SfError::message).distinct().collect(Collectors.joining("; ")));
  }

  static String validationMessage(String salesforceMessage) {
    return "Salesforce validation error: `" + salesforceMessage + "`";
  }

  /**
   * Returns the validation message for an error about records named by id, naming the ids unless
   * Salesforce's message already does.
   */
  static String targetMessage(SfError error, List<String> ids) {
    String message = error.message().isEmpty() ? error.code() : error.message();
    List<String> unnamed =
        ids.stream().filter(id -> !message.contains(id)).collect(Collectors.toList());
    if (unnamed.size() < ids.size()) {
      return validationMessage(message);
    }
    return validationMessage(message)
        + " (upstream_id "
        + ids.stream().map(ErrorMapping::truncate).collect(Collectors.joining(", "))
        + ")";
  }

  static UpstreamException requestFailed(SfError error) {
    return UpstreamException.failed("Salesforce request failed: " + describe(error), null);
  }

  private static UpstreamException requestFailed(SfError error, int status) {
    return UpstreamException.failed(
        "Salesforce request failed (HTTP " + status + "): " + describe(error), null);
  }

  static String describe(SfError error) {
    return (error.code() + " " + error.message()).strip();
  }

  /** An id from the caller, shortened for a message. */
  static String truncate(String id) {
    return id.length() <= 40 ? id : id.substring(0, 40) + "...";
  }
}
