package io.mutationapi.testing.salesforce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of each record before a request first touched it, so that the request can be undone.
 */
final class Undo {
  private final Map<String, ObjectNode> before = new LinkedHashMap<>();

  /** Remembers {@code previous} (null: the record did not exist) unless already remembered. */
  void remember(String id, ObjectNode previous) {
    if (!before.containsKey(id)) {
      before.put(id, previous == null ? null : previous.deepCopy());
    }
  }

  void rollback(Map<String, ObjectNode> records) {
    before.forEach(
        (id, previous) -> {
          if (previous == null) {
            records.remove(id);
          } else {
            records.put(id, previous);
          }
        });
    before.clear();
  }
}
