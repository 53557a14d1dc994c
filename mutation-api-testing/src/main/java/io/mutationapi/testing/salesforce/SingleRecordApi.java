package io.mutationapi.testing.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The single-record sObject endpoints ({@code /sobjects/{T}}, {@code /sobjects/{T}/{id}}, {@code
 * /sobjects/{T}/{field}/{value}}) and describe. Errors use {@code errorCode}, successes the status
 * codes of the documentation (201, 204, 200). Callers hold the store's monitor.
 */
final class SingleRecordApi {
  private final ObjectMapper mapper;
  private final RecordStore store;
  private final CollectionsApi collections;

  SingleRecordApi(ObjectMapper mapper, RecordStore store, CollectionsApi collections) {
    this.mapper = mapper;
    this.store = store;
    this.collections = collections;
  }

  Answer route(DataApi.Call call, List<String> parts, Function<DataApi.Call, JsonNode> json) {
    String method = call.method();
    if (parts.size() == 1) {
      if (!method.equals("GET")) {
        throw DataApi.methodNotAllowed(method, "GET");
      }
      ObjectNode out = mapper.createObjectNode();
      ArrayNode list = out.putArray("sobjects");
      for (String name : List.of("Account", "Contact", "Lead", "Opportunity", "Task")) {
        store
            .schema(name)
            .ifPresent(s -> list.addObject().put("name", s.name()).put("keyPrefix", s.keyPrefix()));
      }
      return Answer.json(200, out.toString());
    }
    SObjectSchema schema = store.schema(parts.get(1)).orElseThrow(DataApi::notFound);
    if (parts.size() == 2) {
      if (method.equals("GET")) {
        ObjectNode out = mapper.createObjectNode();
        out.set("objectDescribe", DataApi.describe(mapper, schema));
        out.putArray("recentItems");
        return Answer.json(200, out.toString());
      }
      if (method.equals("POST")) {
        return create(schema, (ObjectNode) json.apply(call));
      }
      throw DataApi.methodNotAllowed(method, "GET,POST");
    }
    if (parts.size() == 3 && parts.get(2).equals("describe")) {
      if (!method.equals("GET")) {
        throw DataApi.methodNotAllowed(method, "GET");
      }
      return Answer.json(200, DataApi.describe(mapper, schema).toString());
    }
    if (parts.size() == 3) {
      String id18 = pathId(schema, parts.get(2));
      switch (method) {
        case "GET":
          return get(schema, id18, call);
        case "PATCH":
          return update(schema, id18, (ObjectNode) json.apply(call));
        case "DELETE":
          return delete(id18);
        default:
          throw DataApi.methodNotAllowed(method, "GET,PATCH,DELETE");
      }
    }
    if (parts.size() == 4) {
      FieldDef field =
          schema
              .field(parts.get(2))
              .filter(f -> f.externalId() || f.name().equals("Id"))
              .orElseThrow(() -> noExternalIdField(parts.get(2)));
      if (method.equals("PATCH")) {
        ObjectNode body = (ObjectNode) json.apply(call);
        return upsert(schema, field, parts.get(3), body, call);
      }
      if (method.equals("GET")) {
        List<String> matches = matches(schema, field, parts.get(3));
        if (matches.isEmpty()) {
          throw DataApi.notFound();
        }
        if (matches.size() > 1) {
          return multipleChoices(schema, call, matches);
        }
        return get(schema, matches.get(0), call);
      }
      throw DataApi.methodNotAllowed(method, "GET,PATCH");
    }
    throw DataApi.notFound();
  }

  private Answer create(SObjectSchema schema, ObjectNode body) {
    JsonNode id = body.has("Id") ? body.get("Id") : body.get("id");
    if (id != null && !id.isNull()) {
      throw new SfRequestException(
          400,
          SfError.of("INVALID_FIELD", "The Id field should not be specified in the sobject data."));
    }
    WriteOutcome outcome = store.create(schema, body, new Undo());
    if (!outcome.success()) {
      return errors(400, outcome.errors());
    }
    return Answer.json(201, result(outcome.id()).toString());
  }

  private Answer update(SObjectSchema schema, String id18, ObjectNode body) {
    live(id18);
    WriteOutcome outcome = store.update(schema, id18, body, new Undo());
    return outcome.success() ? Answer.empty(204) : errors(400, outcome.errors());
  }

  private Answer delete(String id18) {
    live(id18);
    store.delete(id18, new Undo());
    return Answer.empty(204);
  }

  private Answer get(SObjectSchema schema, String id18, DataApi.Call call) {
    ObjectNode record = live(id18);
    String fieldsParam = call.query().get("fields");
    List<FieldDef> fields = new ArrayList<>();
    if (fieldsParam == null || fieldsParam.isBlank()) {
      schema.fields().stream().filter(f -> !f.name().equals("Id")).forEach(fields::add);
    } else {
      for (String name : fieldsParam.split(",")) {
        fields.add(schema.requireField(name.trim()));
      }
    }
    return Answer.json(200, collections.render(record, fields, call.version()).toString());
  }

  private Answer upsert(
      SObjectSchema schema, FieldDef field, String value, ObjectNode body, DataApi.Call call) {
    List<String> matches = matches(schema, field, value);
    if (matches.size() > 1) {
      return multipleChoices(schema, call, matches);
    }
    if (matches.isEmpty() && Boolean.parseBoolean(call.query().get("updateOnly"))) {
      throw DataApi.notFound();
    }
    ObjectNode withKey = body.deepCopy();
    withKey.put(field.name(), value);
    WriteOutcome outcome = store.upsert(schema, field, withKey, new Undo());
    if (!outcome.success()) {
      return errors(400, outcome.errors());
    }
    ObjectNode result = result(outcome.id());
    result.put("created", outcome.created());
    return Answer.json(outcome.created() ? 201 : 200, result.toString());
  }

  private List<String> matches(SObjectSchema schema, FieldDef field, String value) {
    List<String> ids = new ArrayList<>();
    for (ObjectNode record : store.all(schema)) {
      if (!record.path("IsDeleted").asBoolean()
          && record.path(field.name()).asText().equalsIgnoreCase(value)) {
        ids.add(record.get("Id").asText());
      }
    }
    return ids;
  }

  private Answer multipleChoices(SObjectSchema schema, DataApi.Call call, List<String> ids) {
    ArrayNode urls = mapper.createArrayNode();
    ids.forEach(
        id ->
            urls.add("/services/data/" + call.version() + "/sobjects/" + schema.name() + "/" + id));
    return Answer.json(300, urls.toString());
  }

  /** The record of a path id, or 404 {@code NOT_FOUND} / {@code ENTITY_IS_DELETED}. */
  private ObjectNode live(String id18) {
    ObjectNode record = store.get(id18);
    if (record == null) {
      throw DataApi.notFound();
    }
    if (record.path("IsDeleted").asBoolean()) {
      throw new SfRequestException(
          404, new SfError("ENTITY_IS_DELETED", "entity is deleted", List.of()));
    }
    return record;
  }

  private static String pathId(SObjectSchema schema, String segment) {
    if (segment.length() != 15 && segment.length() != 18) {
      throw noExternalIdField(segment);
    }
    if (!SalesforceIds.isValid(segment)) {
      throw new SfRequestException(400, SfError.of("MALFORMED_ID", "malformed id " + segment));
    }
    if (!segment.startsWith(schema.keyPrefix())) {
      throw new SfRequestException(
          400,
          SfError.of(
              "MALFORMED_ID", schema.name() + " ID: id value of incorrect type: " + segment, "Id"));
    }
    return SalesforceIds.to18(segment);
  }

  private static SfRequestException noExternalIdField(String name) {
    return new SfRequestException(
        404,
        SfError.of(
            "NOT_FOUND",
            "Provided external ID field does not exist or is not accessible: " + name));
  }

  private ObjectNode result(String id) {
    ObjectNode out = mapper.createObjectNode();
    out.put("id", id);
    out.put("success", true);
    out.putArray("errors");
    return out;
  }

  private Answer errors(int status, List<SfError> errors) {
    ArrayNode array = mapper.createArrayNode();
    errors.forEach(e -> array.add(e.toRequestError()));
    return Answer.json(status, array.toString());
  }
}
