package io.mutationapi.testing.salesforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Routes an authenticated call under {@code /services/data/vNN.N} to the resource it names: sObject
 * Collections, the single-record sObject endpoints, describe, limits, and the SOQL {@code query}
 * and {@code queryAll} of a change poll. The whole call runs under the store's monitor, so each is
 * atomic and calls are serialised.
 */
final class DataApi {
  private final ObjectMapper mapper;
  private final RecordStore store;
  private final CollectionsApi collections;
  private final QueryApi queries;

  DataApi(ObjectMapper mapper, RecordStore store) {
    this.mapper = mapper;
    this.store = store;
    this.collections = new CollectionsApi(mapper, store);
    this.queries = new QueryApi(mapper, store, collections);
  }

  /**
   * One call: its method, the path after the version, the query, the body, and the index of a
   * Collections record to fail with {@code UNABLE_TO_LOCK_ROW} (-1 for none).
   */
  record Call(
      String method,
      String version,
      String path,
      Map<String, String> query,
      String contentType,
      byte[] body,
      int lockedRecord) {}

  Answer handle(Call call) {
    try {
      synchronized (store) {
        return route(call);
      }
    } catch (SfRequestException e) {
      ArrayNode errors = mapper.createArrayNode();
      e.errors().forEach(err -> errors.add(err.toRequestError()));
      return Answer.json(e.status(), errors.toString());
    }
  }

  private Answer route(Call call) {
    List<String> parts = segments(call.path());
    String method = call.method();
    if (parts.size() >= 2 && parts.get(0).equals("composite") && parts.get(1).equals("sobjects")) {
      return routeCollections(call, parts);
    }
    if (parts.size() == 1 && (parts.get(0).equals("query") || parts.get(0).equals("queryAll"))) {
      if (!method.equals("GET")) {
        throw methodNotAllowed(method, "GET");
      }
      return queries.query(call.query().get("q"), parts.get(0).equals("queryAll"), call.version());
    }
    if (!parts.isEmpty() && parts.get(0).equals("sobjects")) {
      return new SingleRecordApi(mapper, store, collections).route(call, parts, this::json);
    }
    throw notFound();
  }

  private Answer routeCollections(Call call, List<String> parts) {
    String method = call.method();
    if (parts.size() == 2) {
      switch (method) {
        case "POST":
          return collections.write(json(call), true, call.lockedRecord());
        case "PATCH":
          return collections.write(json(call), false, call.lockedRecord());
        case "DELETE":
          return collections.delete(
              call.query().get("ids"),
              Boolean.parseBoolean(call.query().getOrDefault("allOrNone", "false")),
              call.lockedRecord());
        default:
          throw methodNotAllowed(method, "DELETE,PATCH,POST");
      }
    }
    SObjectSchema schema = store.schema(parts.get(2)).orElseThrow(DataApi::notFound);
    if (parts.size() == 3) {
      if (method.equals("GET")) {
        return collections.retrieve(
            schema,
            split(call.query().get("ids")),
            split(call.query().get("fields")),
            call.version());
      }
      if (method.equals("POST")) {
        JsonNode body = json(call);
        return collections.retrieve(
            schema, strings(body.get("ids")), strings(body.get("fields")), call.version());
      }
      throw methodNotAllowed(method, "GET,POST");
    }
    if (parts.size() == 4) {
      if (method.equals("PATCH")) {
        return collections.upsert(schema, parts.get(3), json(call), call.lockedRecord());
      }
      throw methodNotAllowed(method, "PATCH");
    }
    throw notFound();
  }

  /** The body as JSON; a write that is not JSON is refused with 415, bad JSON with 400. */
  private JsonNode json(Call call) {
    String type = call.contentType() == null ? "" : call.contentType().toLowerCase(Locale.ROOT);
    if (!type.startsWith("application/json")) {
      throw new SfRequestException(
          415,
          SfError.of(
              "UNSUPPORTED_MEDIA_TYPE",
              "Content type '" + call.contentType() + "' is not supported by this resource"));
    }
    try {
      JsonNode node = mapper.readTree(call.body());
      if (node == null || !node.isObject()) {
        throw new SfRequestException(
            400, SfError.of("JSON_PARSER_ERROR", "The request body must be a JSON object"));
      }
      return node;
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at [line:"
                  + e.getLocation().getLineNr()
                  + ", column:"
                  + e.getLocation().getColumnNr()
                  + "]";
      throw new SfRequestException(
          400, SfError.of("JSON_PARSER_ERROR", e.getOriginalMessage() + where));
    } catch (IOException e) {
      throw new SfRequestException(400, SfError.of("JSON_PARSER_ERROR", e.getMessage()));
    }
  }

  static SfRequestException notFound() {
    return new SfRequestException(
        404, SfError.of("NOT_FOUND", "The requested resource does not exist"));
  }

  static SfRequestException methodNotAllowed(String method, String allowed) {
    return new SfRequestException(
        405,
        SfError.of(
            "METHOD_NOT_ALLOWED",
            "HTTP Method '" + method + "' not allowed. Allowed are " + allowed));
  }

  private static List<String> segments(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        parts.add(part);
      }
    }
    return parts;
  }

  private static List<String> split(String csv) {
    return csv == null || csv.isBlank() ? List.of() : Arrays.asList(csv.split(","));
  }

  private static List<String> strings(JsonNode array) {
    List<String> list = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(node -> list.add(node.asText()));
    }
    return list;
  }

  static ObjectNode describe(ObjectMapper mapper, SObjectSchema schema) {
    ObjectNode out = mapper.createObjectNode();
    out.put("name", schema.name());
    out.put("label", schema.name());
    out.put("keyPrefix", schema.keyPrefix());
    out.put("createable", true);
    out.put("updateable", true);
    out.put("deletable", true);
    out.put("queryable", true);
    out.put("custom", schema.name().endsWith("__c"));
    ArrayNode fields = out.putArray("fields");
    for (FieldDef field : schema.fields()) {
      ObjectNode f = fields.addObject();
      f.put("name", field.name());
      f.put("label", field.name());
      f.put("type", field.type());
      f.put("nillable", !field.required() && !field.name().equals("Id"));
      f.put("createable", field.writable());
      f.put("updateable", field.writable());
      f.put("externalId", field.externalId());
      f.put("idLookup", field.externalId() || field.name().equals("Id"));
      f.put("defaultedOnCreate", field.defaultValue() != null || !field.writable());
    }
    return out;
  }
}
