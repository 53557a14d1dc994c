package io.mutationapi.testing.salesforce;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * The fake org's records: sObject schemas, stored records (deleted ones stay, with {@code
 * IsDeleted}), ids, system fields, and the checks a write must pass. Not thread-safe: callers hold
 * the store's monitor for a whole request, which is what makes a Collections call atomic.
 */
final class RecordStore {
  static final String USER_ID = SalesforceIds.make("005", 1_000_001L);
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s.]+$");
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final ObjectMapper mapper;
  private final Clock clock;
  private final Map<String, SObjectSchema> schemas = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final Map<String, SObjectSchema> byPrefix = new HashMap<>();
  private final Map<String, ObjectNode> records = new HashMap<>();
  private final List<ValidationRule> rules = new CopyOnWriteArrayList<>();
  private long counter = 2_000_000_000L;

  RecordStore(ObjectMapper mapper, Clock clock) {
    this.mapper = mapper;
    this.clock = clock;
    for (SObjectSchema schema : SObjectSchema.builtIns()) {
      schemas.put(schema.name(), schema);
      byPrefix.put(schema.keyPrefix(), schema);
    }
  }

  Optional<SObjectSchema> schema(String name) {
    return Optional.ofNullable(schemas.get(name));
  }

  List<SObjectSchema> schemas() {
    return List.copyOf(schemas.values());
  }

  Optional<SObjectSchema> schemaOfId(String id) {
    return Optional.ofNullable(byPrefix.get(id.substring(0, 3)));
  }

  /** Adds an sObject type; its name and key prefix must be new. */
  void addSchema(SObjectSchema schema) {
    if (schemas.containsKey(schema.name())) {
      throw new IllegalArgumentException("sObject " + schema.name() + " already exists");
    }
    if (byPrefix.containsKey(schema.keyPrefix())) {
      throw new IllegalArgumentException(
          "key prefix "
              + schema.keyPrefix()
              + " is already used by "
              + byPrefix.get(schema.keyPrefix()).name());
    }
    schemas.put(schema.name(), schema);
    byPrefix.put(schema.keyPrefix(), schema);
  }

  void addRule(ValidationRule rule) {
    rules.add(rule);
  }

  /** The record with this 18-character id, deleted or not, or null. */
  ObjectNode get(String id18) {
    return records.get(id18);
  }

  List<ObjectNode> all(SObjectSchema schema) {
    List<ObjectNode> list = new ArrayList<>();
    for (ObjectNode record : records.values()) {
      if (record.path("attributes").path("type").asText().equals(schema.name())) {
        list.add(record);
      }
    }
    list.sort((a, b) -> a.path("Id").asText().compareTo(b.path("Id").asText()));
    return list;
  }

  Map<String, Object> toMap(ObjectNode record) {
    ObjectNode copy = record.deepCopy();
    copy.remove("attributes");
    return mapper.convertValue(copy, MAP);
  }

  /** Creates a record after the checks; fields of the wrong type or unknown fail the request. */
  WriteOutcome create(SObjectSchema schema, ObjectNode body, Undo undo) {
    JsonNode id = body.has("Id") ? body.get("Id") : body.get("id");
    if (id != null && !id.isNull()) {
      return WriteOutcome.failed(
          null, SfError.of("INVALID_FIELD", "cannot specify Id in an insert call", "Id"));
    }
    Map<FieldDef, JsonNode> values = FieldValues.read(schema, body, "Id");
    List<SfError> errors = check(schema, values, null);
    if (!errors.isEmpty()) {
      return WriteOutcome.failed(null, errors);
    }
    ObjectNode record = insert(schema, values);
    undo.remember(record.get("Id").asText(), null);
    return WriteOutcome.ok(record.get("Id").asText(), true);
  }

  /** Updates the record {@code id18} with the fields of {@code body}; absent keys stay. */
  WriteOutcome update(SObjectSchema schema, String id18, ObjectNode body, Undo undo) {
    ObjectNode existing = records.get(id18);
    if (existing == null) {
      return WriteOutcome.failed(
          null, SfError.of("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", "Id"));
    }
    if (existing.path("IsDeleted").asBoolean()) {
      return WriteOutcome.failed(
          null, new SfError("ENTITY_IS_DELETED", "entity is deleted", List.of()));
    }
    Map<FieldDef, JsonNode> values = FieldValues.read(schema, body, "Id");
    List<SfError> errors = check(schema, values, existing);
    if (!errors.isEmpty()) {
      return WriteOutcome.failed(null, errors);
    }
    undo.remember(id18, existing);
    values.forEach((field, value) -> existing.set(field.name(), value));
    String now = FieldValues.format(clock.instant());
    existing.put("LastModifiedDate", now);
    existing.put("LastModifiedById", USER_ID);
    existing.put("SystemModstamp", now);
    deriveName(schema, existing);
    return WriteOutcome.ok(id18, false);
  }

  /** Moves the record {@code id18} to the recycle bin. */
  WriteOutcome delete(String id18, Undo undo) {
    ObjectNode existing = records.get(id18);
    if (existing == null) {
      return WriteOutcome.failed(
          null,
          new SfError("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", List.of()));
    }
    if (existing.path("IsDeleted").asBoolean()) {
      return WriteOutcome.failed(
          null, new SfError("ENTITY_IS_DELETED", "entity is deleted", List.of()));
    }
    undo.remember(id18, existing);
    existing.put("IsDeleted", true);
    existing.put("SystemModstamp", FieldValues.format(clock.instant()));
    return WriteOutcome.ok(id18, false);
  }

  /**
   * Creates or updates by the external-id field {@code extField}: no live match creates, one
   * updates, several fail with {@code DUPLICATE_EXTERNAL_ID}.
   */
  WriteOutcome upsert(SObjectSchema schema, FieldDef extField, ObjectNode body, Undo undo) {
    JsonNode key = null;
    for (Map.Entry<String, JsonNode> entry : body.properties()) {
      if (entry.getKey().equalsIgnoreCase(extField.name())) {
        key = entry.getValue();
      }
    }
    if (key == null || key.isNull() || key.asText().isEmpty()) {
      if (extField.name().equals("Id")) {
        return create(schema, body, undo);
      }
      return WriteOutcome.failed(
          null, SfError.of("MISSING_ARGUMENT", extField.name() + " not specified"));
    }
    List<String> matches = new ArrayList<>();
    for (ObjectNode record : all(schema)) {
      if (!record.path("IsDeleted").asBoolean()
          && record.path(extField.name()).asText().equalsIgnoreCase(key.asText())) {
        matches.add(record.get("Id").asText());
      }
    }
    if (matches.size() > 1) {
      return WriteOutcome.failed(
          null,
          SfError.of(
              "DUPLICATE_EXTERNAL_ID",
              extField.name() + ": more than one record found for external id field: " + matches,
              extField.name()));
    }
    if (matches.isEmpty()) {
      ObjectNode withoutId = body.deepCopy();
      withoutId.remove("Id");
      WriteOutcome created = create(schema, withoutId, undo);
      return created.success() ? WriteOutcome.ok(created.id(), true) : created;
    }
    return update(schema, matches.get(0), body, undo);
  }

  /** Stores a record as given, without the write checks; system fields may be set. */
  String seed(SObjectSchema schema, ObjectNode body) {
    Map<FieldDef, JsonNode> values = FieldValues.read(schema, body, "Id");
    return insert(schema, values).get("Id").asText();
  }

  void clear() {
    records.clear();
  }

  void rollback(Undo undo) {
    undo.rollback(records);
  }

  private ObjectNode insert(SObjectSchema schema, Map<FieldDef, JsonNode> values) {
    String id = SalesforceIds.make(schema.keyPrefix(), counter++);
    String now = FieldValues.format(clock.instant());
    ObjectNode record = mapper.createObjectNode();
    record.putObject("attributes").put("type", schema.name());
    for (FieldDef field : schema.fields()) {
      record.set(field.name(), NullNode.instance);
      if (field.defaultValue() != null) {
        record.set(field.name(), mapper.valueToTree(field.defaultValue()));
      }
    }
    record.put("Id", id);
    record.put("IsDeleted", false);
    record.put("OwnerId", USER_ID);
    record.put("CreatedDate", now);
    record.put("CreatedById", USER_ID);
    record.put("LastModifiedDate", now);
    record.put("LastModifiedById", USER_ID);
    record.put("SystemModstamp", now);
    values.forEach((field, value) -> record.set(field.name(), value));
    record.put("Id", id);
    deriveName(schema, record);
    records.put(id, record);
    return record;
  }

  private static void deriveName(SObjectSchema schema, ObjectNode record) {
    if (schema.field("FirstName").isPresent() && schema.field("Name").isPresent()) {
      String first = record.path("FirstName").isNull() ? "" : record.path("FirstName").asText();
      String last = record.path("LastName").isNull() ? "" : record.path("LastName").asText();
      String name = (first + " " + last).trim();
      if (name.isEmpty()) {
        record.putNull("Name");
      } else {
        record.put("Name", name);
      }
    }
  }

  private List<SfError> check(
      SObjectSchema schema, Map<FieldDef, JsonNode> values, ObjectNode existing) {
    List<SfError> errors = new ArrayList<>();
    List<String> readOnly = new ArrayList<>();
    values.keySet().stream().filter(f -> !f.writable()).forEach(f -> readOnly.add(f.name()));
    if (!readOnly.isEmpty()) {
      errors.add(
          new SfError(
              "INVALID_FIELD_FOR_INSERT_UPDATE",
              "Unable to create/update fields: "
                  + String.join(", ", readOnly)
                  + ". Please check the security settings of this field and verify that it is"
                  + " read/write for your profile or permission set.",
              readOnly));
    }
    List<String> missing = new ArrayList<>();
    for (FieldDef field : schema.fields()) {
      if (!field.required()) {
        continue;
      }
      JsonNode value = values.get(field);
      boolean empty =
          existing == null
              ? (value == null ? field.defaultValue() == null : value.isNull())
              : value != null && value.isNull();
      if (empty) {
        missing.add(field.name());
      }
    }
    if (!missing.isEmpty()) {
      errors.add(
          new SfError(
              "REQUIRED_FIELD_MISSING", "Required fields are missing: " + missing, missing));
    }
    values.forEach(
        (field, value) -> {
          if (value.isNull()) {
            return;
          }
          if (field.type().equals("email") && !EMAIL.matcher(value.asText()).matches()) {
            errors.add(
                SfError.of(
                    "INVALID_EMAIL_ADDRESS",
                    field.name() + ": invalid email address: " + value.asText(),
                    field.name()));
          }
          if (field.type().equals("reference")) {
            checkReference(field, value.asText(), errors);
          }
        });
    if (errors.isEmpty()) {
      checkRules(schema, values, existing, errors);
    }
    return errors;
  }

  private void checkReference(FieldDef field, String value, List<SfError> errors) {
    if (!SalesforceIds.isValid(value)) {
      errors.add(
          SfError.of(
              "MALFORMED_ID",
              field.name() + ": id value of incorrect type: " + value,
              field.name()));
      return;
    }
    if (field.name().equals("OwnerId")) {
      return;
    }
    ObjectNode target = records.get(SalesforceIds.to18(value));
    if (target == null || target.path("IsDeleted").asBoolean()) {
      errors.add(
          SfError.of("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", field.name()));
    }
  }

  private void checkRules(
      SObjectSchema schema,
      Map<FieldDef, JsonNode> values,
      ObjectNode existing,
      List<SfError> errors) {
    ObjectNode merged = existing == null ? mapper.createObjectNode() : existing.deepCopy();
    values.forEach((field, value) -> merged.set(field.name(), value));
    Map<String, Object> asMap = null;
    for (ValidationRule rule : rules) {
      if (!rule.sobject().equalsIgnoreCase(schema.name())) {
        continue;
      }
      if (asMap == null) {
        asMap = toMap(merged);
      }
      if (rule.errorWhen().test(asMap)) {
        errors.add(new SfError("FIELD_CUSTOM_VALIDATION_EXCEPTION", rule.message(), rule.fields()));
      }
    }
  }
}
