package io.mutationapi.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.mutationapi.server.spi.RecordOutcome;
import io.mutationapi.server.spi.UpstreamException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the answer of a Collections write: one result per record, {@code {"id", "success",
 * "errors": [{"statusCode", "message", "fields"}]}}, in request order, with HTTP 200 even when
 * records failed.
 *
 * <p>With {@code allOrNone: true} a failure of any record leaves nothing written; the records that
 * would have succeeded report {@code ALL_OR_NONE_OPERATION_ROLLED_BACK}. Those are never the cause:
 * the failure is that of the first record with any other error, reported at its index (with {@link
 * UpstreamException#withOutcomes}), and every other record of the batch as rolled back.
 */
final class CollectionResults {
  /** The failure reported for the records that Salesforce rolled back with the failing one. */
  static final String ROLLED_BACK = "Not applied: Salesforce rolled the batch back";

  private CollectionResults() {}

  /**
   * Returns the record ids of a write that succeeded in full, in order.
   *
   * @param targetIds the ids the call named (update, delete), to name them in errors; empty for a
   *     create
   * @throws UpstreamException if any record failed (nothing was written), or the answer is not a
   *     result list of the expected length
   */
  static List<String> ids(Answer answer, int expected, List<String> targetIds) {
    JsonNode results = answer.json().orElse(null);
    if (results == null || !results.isArray() || results.size() != expected) {
      throw UpstreamException.failed(
          "Salesforce answered a Collections write with "
              + (results == null || !results.isArray()
                  ? "something other than a result list"
                  : results.size() + " results for " + expected + " records"),
          null);
    }
    int failedAt = -1;
    List<String> ids = new ArrayList<>(expected);
    for (int i = 0; i < expected; i++) {
      JsonNode result = results.get(i);
      boolean success = result != null && result.path("success").asBoolean(false);
      if (!success && failedAt < 0 && !onlyRolledBack(result)) {
        failedAt = i;
      }
      ids.add(result == null ? "" : result.path("id").asText(""));
    }
    if (failedAt < 0) {
      for (int i = 0; i < expected; i++) {
        if (!results.get(i).path("success").asBoolean(false)) {
          throw UpstreamException.failed(
              "Salesforce rolled the batch back without naming a failing record", null);
        }
        if (ids.get(i).isEmpty()) {
          throw UpstreamException.failed(
              "Salesforce reported success without an id at index " + i, null);
        }
      }
      return ids;
    }
    throw failure(results, failedAt, targetIds);
  }

  private static UpstreamException failure(JsonNode results, int failedAt, List<String> targetIds) {
    List<RecordOutcome> outcomes = new ArrayList<>(results.size());
    UpstreamException cause = null;
    for (int i = 0; i < results.size(); i++) {
      JsonNode result = results.get(i);
      boolean failedHere = !result.path("success").asBoolean(false) && !onlyRolledBack(result);
      if (failedHere) {
        String targetId = i < targetIds.size() ? targetIds.get(i) : null;
        UpstreamException e = forRecord(SfError.list(result.path("errors")), targetId);
        if (cause == null) {
          cause = e;
        }
        outcomes.add(RecordOutcome.failed(e.getMessage()));
      } else {
        outcomes.add(RecordOutcome.failed(ROLLED_BACK));
      }
    }
    return results.size() == 1 ? cause : cause.withOutcomes(outcomes);
  }

  /** Returns the failure that one record's errors map to. */
  static UpstreamException forRecord(List<SfError> errors, String targetId) {
    List<SfError> causes = new ArrayList<>();
    for (SfError e : errors) {
      if (!e.code().equals(SfError.ROLLED_BACK)) {
        causes.add(e);
      }
    }
    if (causes.isEmpty()) {
      return UpstreamException.failed("Salesforce failed a record without saying why", null);
    }
    SfError first = causes.get(0);
    String code = first.code();
    if (code.equals("REQUEST_LIMIT_EXCEEDED")) {
      return ErrorMapping.rateLimited(first);
    }
    if (code.equals(SfError.LOCKED) || code.equals("EXCEEDED_ID_LIMIT")) {
      return ErrorMapping.requestFailed(first);
    }
    if (code.equals("QUERY_TIMEOUT") || code.equals("REQUEST_RUNNING_TOO_LONG")) {
      return UpstreamException.timeout(ErrorMapping.TIMED_OUT);
    }
    Optional<String> id = Optional.ofNullable(targetId);
    if (id.isPresent() && isAboutTarget(first)) {
      return UpstreamException.validation(ErrorMapping.targetMessage(first, List.of(id.get())));
    }
    return UpstreamException.validation(ErrorMapping.validationMessage(causes));
  }

  /** True for an error that says the record named by id is missing, deleted or malformed. */
  private static boolean isAboutTarget(SfError error) {
    return ErrorMapping.TARGET_ID_CODES.contains(error.code())
        || (error.code().equals("INVALID_CROSS_REFERENCE_KEY")
            && (error.fields().isEmpty() || error.fields().contains("Id")));
  }

  private static boolean onlyRolledBack(JsonNode result) {
    if (result == null) {
      return false;
    }
    List<SfError> errors = SfError.list(result.path("errors"));
    return !errors.isEmpty() && errors.stream().allMatch(e -> e.code().equals(SfError.ROLLED_BACK));
  }
}
