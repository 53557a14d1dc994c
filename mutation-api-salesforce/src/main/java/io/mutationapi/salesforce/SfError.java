package io.mutationapi.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One error in a Salesforce answer: {@code {"message", "errorCode", "fields"}} in a whole-call
 * error array, {@code {"statusCode", "message", "fields"}} in a Collections result. Both keys are
 * read into {@link #code}; a missing {@code fields} is empty.
 *
 * @param code the error code, e.g. {@code REQUIRED_FIELD_MISSING}; empty if none was given
 * @param message Salesforce's message, verbatim; empty if none was given
 * @param fields the fields the error is about
 */
record SfError(String code, String message, List<String> fields) {

  static final String ROLLED_BACK = "ALL_OR_NONE_OPERATION_ROLLED_BACK";
  static final String LOCKED = "UNABLE_TO_LOCK_ROW";
  static final String INVALID_SESSION = "INVALID_SESSION_ID";

  SfError {
    fields = List.copyOf(fields);
  }

  /** Reads one error object; null if {@code node} is not an object. */
  static SfError of(JsonNode node) {
    if (node == null || !node.isObject()) {
      return null;
    }
    String code = node.path("errorCode").asText("");
    if (code.isEmpty()) {
      code = node.path("statusCode").asText("");
    }
    List<String> fields = new ArrayList<>();
    for (JsonNode f : node.path("fields")) {
      fields.add(f.asText());
    }
    return new SfError(code, node.path("message").asText(""), fields);
  }

  /** Reads every error of an error array (or of one error object); empty if there is none. */
  static List<SfError> list(JsonNode node) {
    List<SfError> errors = new ArrayList<>();
    if (node == null) {
      return errors;
    }
    if (node.isObject()) {
      SfError one = of(node);
      if (!one.code().isEmpty() || !one.message().isEmpty()) {
        errors.add(one);
      }
      return errors;
    }
    for (JsonNode e : node) {
      SfError error = of(e);
      if (error != null) {
        errors.add(error);
      }
    }
    return errors;
  }

  /** Returns true if any of {@code errors} has {@code code}. */
  static boolean any(List<SfError> errors, String code) {
    return errors.stream().anyMatch(e -> e.code().equals(code));
  }

  @Override
  public String toString() {
    return code + " " + message;
  }
}
