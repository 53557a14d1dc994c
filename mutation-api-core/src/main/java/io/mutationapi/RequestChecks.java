package io.mutationapi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Argument checks shared by the request types. */
final class RequestChecks {
  private RequestChecks() {}

  static void ids(String syncId, String collectionId, Optional<AwaitConsumers> await) {
    if (syncId == null || syncId.isEmpty()) {
      throw new IllegalArgumentException("sync_id must not be null or empty");
    }
    if (collectionId == null || collectionId.isEmpty()) {
      throw new IllegalArgumentException("collection_id must not be null or empty");
    }
    Objects.requireNonNull(await, "awaitConsumers");
  }

  static List<PartialRecord> records(List<PartialRecord> records) {
    Objects.requireNonNull(records, "records");
    if (records.isEmpty()) {
      throw new IllegalArgumentException("records must not be empty");
    }
    for (int i = 0; i < records.size(); i++) {
      if (records.get(i) == null) {
        throw new IllegalArgumentException("records[" + i + "] must not be null");
      }
    }
    return Collections.unmodifiableList(new ArrayList<>(records));
  }

  static String describe(MutationRequest request, String what) {
    return request.kind().wireName()
        + "{syncId="
        + request.syncId()
        + ", collectionId="
        + request.collectionId()
        + ", "
        + what
        + request.awaitConsumers().map(a -> ", await=" + a).orElse("")
        + "}";
  }
}
