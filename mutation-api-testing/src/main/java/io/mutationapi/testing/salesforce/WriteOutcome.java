package io.mutationapi.testing.salesforce;

import java.util.List;

/**
 * What one record write did: the id it wrote (null when it failed before one was known), the errors
 * (empty on success) and, for an upsert, whether it created the record.
 */
record WriteOutcome(String id, List<SfError> errors, boolean created) {
  static WriteOutcome ok(String id, boolean created) {
    return new WriteOutcome(id, List.of(), created);
  }

  static WriteOutcome failed(String id, List<SfError> errors) {
    return new WriteOutcome(id, List.copyOf(errors), false);
  }

  static WriteOutcome failed(String id, SfError error) {
    return new WriteOutcome(id, List.of(error), false);
  }

  boolean success() {
    return errors.isEmpty();
  }
}
