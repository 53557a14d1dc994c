package io.mutationapi.testing.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The sObject Collections resource ({@code /composite/sobjects}): create, update, delete, upsert by
 * external id and retrieve, with {@code allOrNone} and the 200-record limit. Callers hold the
 * store's monitor.
 */
final class CollectionsApi {
  static final int MAX_RECORDS = 200;

  private enum Op {
    CREATE,
    UPDATE,
    UPSERT,
    DELETE
  }

  private final ObjectMapper mapper;
  private final RecordStore store;

  CollectionsApi(ObjectMapper mapper, RecordStore store) {
    this.mapper = mapper;
    this.store = store;
  }

  /** POST (create) or PATCH (update) of {@code {"allOrNone", "records": [...]}}. */
  Answer write(JsonNode body, boolean create, int lockedRecord) {
    List<ObjectNode> records = records(body);
    boolean allOrNone = body.path("allOrNone").asBoolean(false);
    List<SObjectSchema> types = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      ObjectNode record = records.get(i);
      String type = record.path("attributes").path("type").asText("");
      if (type.isEmpty()) {
        throw new SfRequestException(
            400,
            SfError.of(
                "INVALID_TYPE", "Must specify the sObject type in attributes.type: record " + i));
      }
      types.add(
          store
              .schema(type)
              .orElseThrow(
                  () ->
                      new SfRequestException(
                          400,
                          SfError.of(
                              "INVALID_TYPE", "sObject type '" + type + "' is not supported."))));
      ids.add(create ? null : idOf(record));
    }
    return apply(
        records.size(),
        allOrNone,
        create ? Op.CREATE : Op.UPDATE,
        lockedRecord,
        (undo) ->
            i -> {
              if (create) {
                return store.create(types.get(i), records.get(i), undo);
              }
              return updateOne(types.get(i), ids.get(i), records.get(i), undo);
            });
  }

  /** PATCH {@code /composite/sobjects/{T}/{extField}}: upsert each record by the field. */
  Answer upsert(SObjectSchema schema, String extFieldName, JsonNode body, int lockedRecord) {
    FieldDef extField =
        schema
            .field(extFieldName)
            .filter(f -> f.externalId() || f.name().equals("Id"))
            .orElseThrow(
                () ->
                    new SfRequestException(
                        404,
                        SfError.of(
                            "NOT_FOUND",
                            "Provided external ID field does not exist or is not accessible: "
                                + extFieldName)));
    List<ObjectNode> records = records(body);
    boolean allOrNone = body.path("allOrNone").asBoolean(false);
    for (int i = 0; i < records.size(); i++) {
      String type = records.get(i).path("attributes").path("type").asText("");
      if (!type.equalsIgnoreCase(schema.name())) {
        throw new SfRequestException(
            400,
            SfError.of(
                "INVALID_TYPE",
                "Record at index " + i + " is not of the type in the URI: " + schema.name()));
      }
    }
    return apply(
        records.size(),
        allOrNone,
        Op.UPSERT,
        lockedRecord,
        undo -> i -> store.upsert(schema, extField, records.get(i), undo));
  }

  /** DELETE {@code ?ids=a,b&allOrNone=}. */
  Answer delete(String idsParam, boolean allOrNone, int lockedRecord) {
    if (idsParam == null || idsParam.isBlank()) {
      throw new SfRequestException(
          400, SfError.of("MISSING_ARGUMENT", "The ids parameter is required"));
    }
    String[] ids = idsParam.split(",");
    checkCount(ids.length);
    return apply(
        ids.length,
        allOrNone,
        Op.DELETE,
        lockedRecord,
        undo ->
            i -> {
              String id = ids[i].trim();
              if (!SalesforceIds.isValid(id) || store.schemaOfId(id).isEmpty()) {
                return WriteOutcome.failed(
                    null, new SfError("MALFORMED_ID", "malformed id " + id, List.of()));
              }
              String id18 = SalesforceIds.to18(id);
              WriteOutcome outcome = store.delete(id18, undo);
              return outcome.success() ? outcome : WriteOutcome.failed(id18, outcome.errors());
            });
  }

  /** GET {@code /composite/sobjects/{T}?ids=&fields=} or its POST variant. */
  Answer retrieve(SObjectSchema schema, List<String> ids, List<String> fieldNames, String version) {
    if (fieldNames == null || fieldNames.isEmpty()) {
      throw new SfRequestException(
          400, SfError.of("MISSING_ARGUMENT", "The fields parameter is required"));
    }
    if (ids == null || ids.isEmpty()) {
      throw new SfRequestException(
          400, SfError.of("MISSING_ARGUMENT", "The ids parameter is required"));
    }
    List<FieldDef> fields = new ArrayList<>();
    for (String name : fieldNames) {
      fields.add(schema.requireField(name.trim()));
    }
    ArrayNode result = mapper.createArrayNode();
    for (String raw : ids) {
      String id = raw.trim();
      if (!SalesforceIds.isValid(id)) {
        throw new SfRequestException(400, SfError.of("MALFORMED_ID", "malformed id " + id));
      }
      if (!id.startsWith(schema.keyPrefix())) {
        throw new SfRequestException(
            400,
            SfError.of(
                "MALFORMED_ID", schema.name() + " ID: id value of incorrect type: " + id, "Id"));
      }
      ObjectNode record = store.get(SalesforceIds.to18(id));
      if (record == null || record.path("IsDeleted").asBoolean()) {
        result.addNull();
      } else {
        result.add(render(record, fields, version));
      }
    }
    return Answer.json(200, result.toString());
  }

  /** A record as Salesforce answers it: {@code attributes}, {@code Id}, then {@code fields}. */
  ObjectNode render(ObjectNode record, List<FieldDef> fields, String version) {
    ObjectNode out = mapper.createObjectNode();
    String type = record.path("attributes").path("type").asText();
    String id = record.get("Id").asText();
    out.putObject("attributes")
        .put("type", type)
        .put("url", "/services/data/" + version + "/sobjects/" + type + "/" + id);
    out.put("Id", id);
    for (FieldDef field : fields) {
      out.set(field.name(), record.get(field.name()));
    }
    return out;
  }

  private WriteOutcome updateOne(SObjectSchema schema, String id, ObjectNode record, Undo undo) {
    if (id == null) {
      return WriteOutcome.failed(
          null, SfError.of("MISSING_ARGUMENT", "Id not specified in an update call", "Id"));
    }
    if (!SalesforceIds.isValid(id)) {
      return WriteOutcome.failed(null, SfError.of("MALFORMED_ID", "malformed id " + id, "Id"));
    }
    if (!id.startsWith(schema.keyPrefix())) {
      return WriteOutcome.failed(
          null,
          SfError.of(
              "MALFORMED_ID", schema.name() + " ID: id value of incorrect type: " + id, "Id"));
    }
    String id18 = SalesforceIds.to18(id);
    WriteOutcome outcome = store.update(schema, id18, record, undo);
    return outcome.success() ? outcome : WriteOutcome.failed(id18, outcome.errors());
  }

  private Answer apply(
      int count,
      boolean allOrNone,
      Op op,
      int lockedRecord,
      Function<Undo, IntFunction<WriteOutcome>> step) {
    Undo undo = new Undo();
    IntFunction<WriteOutcome> write = step.apply(undo);
    List<WriteOutcome> outcomes = new ArrayList<>();
    boolean anyFailed = false;
    for (int i = 0; i < count; i++) {
      WriteOutcome outcome;
      if (i == lockedRecord) {
        outcome =
            WriteOutcome.failed(
                null,
                SfError.of(
                    "UNABLE_TO_LOCK_ROW",
                    "unable to obtain exclusive access to this record or 1 records"));
      } else {
        try {
          outcome = write.apply(i);
        } catch (SfRequestException e) {
          store.rollback(undo);
          throw e;
        }
      }
      anyFailed |= !outcome.success();
      outcomes.add(outcome);
    }
    if (allOrNone && anyFailed) {
      store.rollback(undo);
    }
    ArrayNode result = mapper.createArrayNode();
    for (WriteOutcome outcome : outcomes) {
      ObjectNode entry = result.addObject();
      boolean rolledBack = allOrNone && anyFailed && outcome.success();
      boolean createdThenRolledBack = rolledBack && (op == Op.CREATE || outcome.created());
      if (outcome.success() && !createdThenRolledBack) {
        entry.put("id", outcome.id());
      }
      entry.put("success", outcome.success() && !rolledBack);
      if (op == Op.UPSERT && outcome.success() && !rolledBack) {
        entry.put("created", outcome.created());
      }
      ArrayNode errors = entry.putArray("errors");
      if (rolledBack) {
        errors.add(SfError.rolledBack().toRecordError());
      } else {
        outcome.errors().forEach(e -> errors.add(e.toRecordError()));
      }
    }
    return Answer.json(200, result.toString());
  }

  private static List<ObjectNode> records(JsonNode body) {
    JsonNode records = body.path("records");
    if (!records.isArray()) {
      throw new SfRequestException(
          400, SfError.of("JSON_PARSER_ERROR", "The request body must have a records array"));
    }
    checkCount(records.size());
    List<ObjectNode> list = new ArrayList<>();
    for (JsonNode record : records) {
      if (!record.isObject()) {
        throw new SfRequestException(
            400, SfError.of("JSON_PARSER_ERROR", "Each record must be a JSON object"));
      }
      list.add((ObjectNode) record);
    }
    return list;
  }

  private static void checkCount(int count) {
    if (count > MAX_RECORDS) {
      throw new SfRequestException(
          400,
          SfError.of(
              "EXCEEDED_ID_LIMIT",
              "record limit reached. cannot submit more than 200 records into this call"));
    }
  }

  private static String idOf(ObjectNode record) {
    JsonNode id = record.has("id") ? record.get("id") : record.get("Id");
    return id == null || id.isNull() ? null : id.asText();
  }
}
