package io.mutationapi.testing.salesforce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The record-store side of {@link FakeSalesforce}'s public controls: inspecting, seeding and
 * clearing records, edits by other users of the org, and added sObject types and validation rules.
 * Failures come back as {@link IllegalArgumentException}, with Salesforce's error codes in the
 * message. Thread-safe: each method holds the store's lock, as a data call does.
 */
final class OrgRecords {
  private final ObjectMapper mapper;
  private final RecordStore store;

  OrgRecords(ObjectMapper mapper, RecordStore store) {
    this.mapper = mapper;
    this.store = store;
  }

  Optional<Map<String, Object>> record(String id) {
    String id18 = SalesforceIds.to18(id);
    synchronized (store) {
      ObjectNode record = store.get(id18);
      return record == null ? Optional.empty() : Optional.of(store.toMap(record));
    }
  }

  List<Map<String, Object>> records(String sobject) {
    synchronized (store) {
      SObjectSchema schema = schema(sobject);
      List<Map<String, Object>> list = new ArrayList<>();
      for (ObjectNode record : store.all(schema)) {
        if (!record.path("IsDeleted").asBoolean()) {
          list.add(store.toMap(record));
        }
      }
      return list;
    }
  }

  void clear() {
    synchronized (store) {
      store.clear();
    }
  }

  String seed(String sobject, Map<String, ?> fields) {
    ObjectNode body = mapper.valueToTree(fields);
    synchronized (store) {
      try {
        return store.seed(schema(sobject), body);
      } catch (SfRequestException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
  }

  String createAsOtherUser(String sobject, Map<String, ?> fields) {
    ObjectNode body = mapper.valueToTree(fields);
    synchronized (store) {
      return outcome(() -> store.create(schema(sobject), body, new Undo())).id();
    }
  }

  void updateAsOtherUser(String id, Map<String, ?> fields) {
    ObjectNode body = mapper.valueToTree(fields);
    String id18 = SalesforceIds.to18(id);
    synchronized (store) {
      SObjectSchema schema =
          store
              .schemaOfId(id18)
              .orElseThrow(() -> new IllegalArgumentException("unknown id: " + id));
      outcome(() -> store.update(schema, id18, body, new Undo()));
    }
  }

  void deleteAsOtherUser(String id) {
    String id18 = SalesforceIds.to18(id);
    synchronized (store) {
      outcome(() -> store.delete(id18, new Undo()));
    }
  }

  void addSObject(SObjectDefinition definition) {
    synchronized (store) {
      store.addSchema(definition.toSchema());
    }
  }

  void addValidationRule(String sobject, Predicate<Map<String, Object>> errorWhen, String message) {
    store.addRule(
        new ValidationRule(
            schema(sobject).name(), Objects.requireNonNull(errorWhen), message, null));
  }

  private static WriteOutcome outcome(Supplier<WriteOutcome> write) {
    WriteOutcome outcome;
    try {
      outcome = write.get();
    } catch (SfRequestException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (!outcome.success()) {
      throw new IllegalArgumentException(
          "Salesforce refused the edit: "
              + outcome.errors().stream().map(e -> e.code() + " " + e.message()).toList());
    }
    return outcome;
  }

  private SObjectSchema schema(String sobject) {
    return store
        .schema(sobject)
        .orElseThrow(() -> new IllegalArgumentException("unknown sObject: " + sobject));
  }
}
