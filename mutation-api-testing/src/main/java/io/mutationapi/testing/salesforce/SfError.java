package io.mutationapi.testing.salesforce;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One Salesforce error: its code, message and the fields it names ({@code null} when Salesforce
 * leaves {@code fields} out).
 */
record SfError(String code, String message, List<String> fields) {
  static final String ROLLED_BACK_MESSAGE =
      "Record rolled back because not all records were valid and the request was using AllOrNone"
          + " header";

  static SfError of(String code, String message) {
    return new SfError(code, message, null);
  }

  static SfError of(String code, String message, String field) {
    return new SfError(code, message, List.of(field));
  }

  static SfError rolledBack() {
    return new SfError("ALL_OR_NONE_OPERATION_ROLLED_BACK", ROLLED_BACK_MESSAGE, List.of());
  }

  /** The shape of a request-level error: {@code {"message","errorCode","fields"?}}. */
  ObjectNode toRequestError() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("message", message);
    node.put("errorCode", code);
    if (fields != null) {
      ArrayNode array = node.putArray("fields");
      fields.forEach(array::add);
    }
    return node;
  }

  /** The shape inside a Collections result: {@code {"statusCode","message","fields"}}. */
  ObjectNode toRecordError() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("statusCode", code);
    node.put("message", message);
    ArrayNode array = node.putArray("fields");
    if (fields != null) {
      fields.forEach(array::add);
    }
    return node;
  }
}
