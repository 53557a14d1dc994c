package io.mutationapi.salesforce;

import io.mutationapi.PartialRecord;
import io.mutationapi.WireJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sObject Collections calls, as {@link CallSpec}s: create ({@code POST /composite/sobjects}),
 * upsert by external id ({@code PATCH /composite/sobjects/{T}/{field}}), update ({@code PATCH
 * /composite/sobjects}), delete ({@code DELETE /composite/sobjects?ids=}) and read ({@code GET
 * /composite/sobjects/{T}?ids=&fields=}). Writes always send {@code allOrNone: true}.
 *
 * <p>Record data goes out as the caller sent it, keys mapped to null included (they clear the
 * field); absent keys are not sent, so Salesforce leaves those fields alone. A key {@code
 * attributes} is replaced by the sObject type, and on an update a key {@code Id} or {@code id} by
 * the record's upstream id.
 */
final class RequestBodies {
  private static final String COLLECTIONS = "composite/sobjects";

  /** Longest read URL sent as a GET; longer id and field lists go in a POST body instead. */
  static final int MAX_READ_URL_CHARS = 8_000;

  private RequestBodies() {}

  static CallSpec create(String sObject, List<PartialRecord> records) {
    return new CallSpec(
        "POST", COLLECTIONS, List.of(), body(sObject, records, false), false, true, List.of());
  }

  static CallSpec upsert(String sObject, String externalIdField, List<PartialRecord> records) {
    return new CallSpec(
        "PATCH",
        COLLECTIONS + "/" + sObject + "/" + externalIdField,
        List.of(),
        body(sObject, records, false),
        true,
        true,
        List.of());
  }

  static CallSpec update(String sObject, List<PartialRecord> records) {
    List<String> ids = new ArrayList<>(records.size());
    for (PartialRecord r : records) {
      ids.add(r.upstreamId().orElseThrow());
    }
    return new CallSpec(
        "PATCH", COLLECTIONS, List.of(), body(sObject, records, true), true, true, ids);
  }

  static CallSpec delete(List<String> ids) {
    return new CallSpec(
        "DELETE",
        COLLECTIONS,
        List.of(Map.entry("ids", String.join(",", ids)), Map.entry("allOrNone", "true")),
        null,
        true,
        true,
        ids);
  }

  static CallSpec read(String sObject, List<String> ids, List<String> fields) {
    String idList = String.join(",", ids);
    String fieldList = String.join(",", fields);
    String path = COLLECTIONS + "/" + sObject;
    if (idList.length() + fieldList.length() + path.length() < MAX_READ_URL_CHARS) {
      return new CallSpec(
          "GET",
          path,
          List.of(Map.entry("ids", idList), Map.entry("fields", fieldList)),
          null,
          true,
          false,
          ids);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ids", List.copyOf(ids));
    body.put("fields", List.copyOf(fields));
    return new CallSpec("POST", path, List.of(), WireJson.writeValue(body), true, false, ids);
  }

  /**
   * Returns the fields of {@code record} as a write sends them, in order, keys mapped to null
   * included: without {@code attributes}, and without {@code Id} or {@code id} if {@code
   * withoutId}.
   */
  static Map<String, Object> fields(PartialRecord record, boolean withoutId) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Map.Entry<String, Object> field : record.data().entrySet()) {
      String name = field.getKey();
      if (name.equals("attributes") || (withoutId && name.equalsIgnoreCase("id"))) {
        continue;
      }
      fields.put(name, field.getValue());
    }
    return fields;
  }

  private static byte[] body(String sObject, List<PartialRecord> records, boolean withId) {
    List<Object> out = new ArrayList<>(records.size());
    for (PartialRecord record : records) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("attributes", Map.of("type", sObject));
      if (withId) {
        r.put("id", record.upstreamId().orElseThrow());
      }
      r.putAll(fields(record, withId));
      out.add(r);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("allOrNone", true);
    body.put("records", out);
    return WireJson.writeValue(body);
  }
}
