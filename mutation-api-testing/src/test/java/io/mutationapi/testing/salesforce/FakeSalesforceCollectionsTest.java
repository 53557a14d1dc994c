package io.mutationapi.testing.salesforce;

import static io.mutationapi.testing.salesforce.SfHttp.V;
import static io.mutationapi.testing.salesforce.SfHttp.contacts;
import static io.mutationapi.testing.salesforce.SfHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeSalesforceCollectionsTest {
  static final Instant NOW = Instant.parse("2024-11-10T18:39:00.734Z");

  final FakeSalesforce fake =
      FakeSalesforce.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).start();
  final SfHttp http = new SfHttp(fake).login();

  @AfterEach
  void stop() {
    fake.close();
  }

  List<String> create(String... lastNames) {
    JsonNode results = json(http.post(V + "/composite/sobjects", contacts(true, lastNames)));
    List<String> ids = new ArrayList<>();
    results.forEach(r -> ids.add(r.get("id").asText()));
    return ids;
  }

  @Test
  void create_returnsOneResultPerRecordInOrder_withValid18CharacterIds() {
    HttpResponse<String> response = http.post(V + "/composite/sobjects", contacts(false, "A", "B"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/json;charset=UTF-8");
    JsonNode results = json(response);
    assertThat(results).hasSize(2);
    for (JsonNode result : results) {
      assertThat(result.get("success").asBoolean()).isTrue();
      assertThat(result.get("errors")).isEmpty();
      String id = result.get("id").asText();
      assertThat(id).hasSize(18).startsWith("003");
      assertThat(SalesforceIds.isValid(id)).isTrue();
    }
    Map<String, Object> stored = fake.record(results.get(1).get("id").asText()).orElseThrow();
    assertThat(stored).containsEntry("LastName", "B").containsEntry("IsDeleted", false);
    assertThat(stored.get("SystemModstamp")).isEqualTo("2024-11-10T18:39:00.000+0000");
    assertThat(stored.get("CreatedDate")).isEqualTo("2024-11-10T18:39:00.000+0000");
  }

  @Test
  void everyDataAnswer_carriesApiUsage_countingACollectionsCallOnce() {
    HttpResponse<String> first =
        http.post(V + "/composite/sobjects", contacts(true, "A", "B", "C"));
    HttpResponse<String> second = http.get(V + "/sobjects/Contact/describe");

    assertThat(first.headers().firstValue("Sforce-Limit-Info")).hasValue("api-usage=1/100000");
    assertThat(second.headers().firstValue("Sforce-Limit-Info")).hasValue("api-usage=2/100000");
    assertThat(fake.apiUsage()).isEqualTo(2);
  }

  @Test
  void create_allOrNone_whenOneFails_storesNothing_andRollsBackTheOthersWithoutIds() {
    JsonNode results = json(http.post(V + "/composite/sobjects", contacts(true, "A", null, "C")));

    assertThat(results.get(1).get("success").asBoolean()).isFalse();
    assertThat(results.get(1).get("errors").get(0).get("statusCode").asText())
        .isEqualTo("REQUIRED_FIELD_MISSING");
    assertThat(results.get(1).get("errors").get(0).get("fields").get(0).asText())
        .isEqualTo("LastName");
    for (int i : new int[] {0, 2}) {
      JsonNode rolledBack = results.get(i);
      assertThat(rolledBack.get("success").asBoolean()).isFalse();
      assertThat(rolledBack.has("id")).isFalse();
      JsonNode error = rolledBack.get("errors").get(0);
      assertThat(error.get("statusCode").asText()).isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
      assertThat(error.get("message").asText())
          .isEqualTo(
              "Record rolled back because not all records were valid and the request was using"
                  + " AllOrNone header");
    }
    assertThat(fake.records("Contact")).isEmpty();
  }

  @Test
  void create_withoutAllOrNone_storesTheValidRecords() {
    JsonNode results = json(http.post(V + "/composite/sobjects", contacts(false, "A", null, "C")));

    assertThat(results.get(0).get("success").asBoolean()).isTrue();
    assertThat(results.get(1).get("success").asBoolean()).isFalse();
    assertThat(results.get(1).has("id")).isFalse();
    assertThat(results.get(2).get("success").asBoolean()).isTrue();
    assertThat(fake.records("Contact")).hasSize(2);
  }

  @Test
  void update_nullClearsAField_andAbsentKeysStayUntouched() {
    String id =
        fake.seed(
            "Contact", Map.of("LastName", "Lovelace", "FirstName", "Ada", "Title", "Countess"));
    String body =
        "{\"allOrNone\":true,\"records\":[{\"attributes\":{\"type\":\"Contact\"},\"id\":\""
            + id
            + "\",\"Title\":null,\"Email\":\"ada@example.com\"}]}";

    JsonNode results = json(http.patch(V + "/composite/sobjects", body));

    assertThat(results.get(0).get("success").asBoolean()).isTrue();
    assertThat(results.get(0).get("id").asText()).isEqualTo(id);
    Map<String, Object> stored = fake.record(id).orElseThrow();
    assertThat(stored.get("Title")).isNull();
    assertThat(stored).containsKey("Title");
    assertThat(stored).containsEntry("FirstName", "Ada").containsEntry("Email", "ada@example.com");
    assertThat(stored.get("LastModifiedDate")).isEqualTo("2024-11-10T18:39:00.000+0000");
  }

  @Test
  void update_allOrNone_rolledBackRecordsKeepTheirIds_andNothingChanges() {
    List<String> ids = create("A", "B");
    String body =
        "{\"allOrNone\":true,\"records\":["
            + "{\"attributes\":{\"type\":\"Contact\"},\"id\":\""
            + ids.get(0)
            + "\",\"Title\":\"X\"},"
            + "{\"attributes\":{\"type\":\"Contact\"},\"id\":\""
            + ids.get(1)
            + "\",\"Email\":\"not-an-email\"}]}";

    JsonNode results = json(http.patch(V + "/composite/sobjects", body));

    assertThat(results.get(0).get("id").asText()).isEqualTo(ids.get(0));
    assertThat(results.get(0).get("success").asBoolean()).isFalse();
    assertThat(results.get(0).get("errors").get(0).get("statusCode").asText())
        .isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
    JsonNode error = results.get(1).get("errors").get(0);
    assertThat(error.get("statusCode").asText()).isEqualTo("INVALID_EMAIL_ADDRESS");
    assertThat(error.get("message").asText())
        .isEqualTo("Email: invalid email address: not-an-email");
    assertThat(fake.record(ids.get(0)).orElseThrow().get("Title")).isNull();
  }

  @Test
  void update_ofUnknownDeletedOrMalformedIds_failsThoseRecords() {
    List<String> ids = create("A", "B");
    http.delete(V + "/composite/sobjects?ids=" + ids.get(1));
    String unknown = SalesforceIds.make("003", 42);
    String body =
        "{\"records\":["
            + "{\"attributes\":{\"type\":\"Contact\"},\"id\":\""
            + unknown
            + "\",\"Title\":\"X\"},"
            + "{\"attributes\":{\"type\":\"Contact\"},\"id\":\""
            + ids.get(1)
            + "\",\"Title\":\"X\"},"
            + "{\"attributes\":{\"type\":\"Contact\"},\"id\":\"001xx000003DGb2999\",\"Title\":\"X\"},"
            + "{\"attributes\":{\"type\":\"Contact\"},\"id\":\"001xx000003DGb2AAG\",\"Title\":\"X\"}]}";

    JsonNode results = json(http.patch(V + "/composite/sobjects", body));

    assertThat(code(results.get(0))).isEqualTo("INVALID_CROSS_REFERENCE_KEY");
    assertThat(code(results.get(1))).isEqualTo("ENTITY_IS_DELETED");
    assertThat(code(results.get(2))).isEqualTo("MALFORMED_ID");
    assertThat(code(results.get(3))).isEqualTo("MALFORMED_ID");
    assertThat(results.get(3).get("errors").get(0).get("message").asText())
        .isEqualTo("Contact ID: id value of incorrect type: 001xx000003DGb2AAG");
  }

  @Test
  void update_acceptsA15CharacterId_andAnswersThe18CharacterForm() {
    String id = create("A").get(0);
    String body =
        "{\"records\":[{\"attributes\":{\"type\":\"Contact\"},\"id\":\""
            + id.substring(0, 15)
            + "\",\"Title\":\"X\"}]}";

    JsonNode results = json(http.patch(V + "/composite/sobjects", body));

    assertThat(results.get(0).get("id").asText()).isEqualTo(id);
    assertThat(fake.record(id).orElseThrow()).containsEntry("Title", "X");
  }

  @Test
  void delete_twice_answersEntityIsDeleted_andMalformedIdsFailAlone() {
    List<String> ids = create("A", "B");

    JsonNode first =
        json(http.delete(V + "/composite/sobjects?ids=" + ids.get(0) + ",001RM000003oLrB000"));
    JsonNode second = json(http.delete(V + "/composite/sobjects?ids=" + ids.get(0)));

    assertThat(first.get(0).get("success").asBoolean()).isTrue();
    assertThat(first.get(0).get("id").asText()).isEqualTo(ids.get(0));
    assertThat(code(first.get(1))).isEqualTo("MALFORMED_ID");
    assertThat(first.get(1).get("errors").get(0).get("message").asText())
        .isEqualTo("malformed id 001RM000003oLrB000");
    assertThat(code(second.get(0))).isEqualTo("ENTITY_IS_DELETED");
    assertThat(fake.record(ids.get(0)).orElseThrow()).containsEntry("IsDeleted", true);
    assertThat(fake.records("Contact")).hasSize(1);
  }

  @Test
  void delete_allOrNone_whenOneFails_deletesNothing() {
    List<String> ids = create("A", "B");

    JsonNode results =
        json(
            http.delete(
                V
                    + "/composite/sobjects?allOrNone=true&ids="
                    + ids.get(0)
                    + ","
                    + ids.get(1)
                    + ",001000000000000000"));

    assertThat(results.get(0).get("success").asBoolean()).isFalse();
    assertThat(results.get(0).get("id").asText()).isEqualTo(ids.get(0));
    assertThat(code(results.get(0))).isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
    assertThat(results.get(2).get("success").asBoolean()).isFalse();
    assertThat(fake.records("Contact")).hasSize(2);
  }

  @Test
  void moreThan200Records_failsTheRequestWithExceededIdLimit() {
    String[] names = Collections.nCopies(201, "X").toArray(new String[0]);

    HttpResponse<String> response = http.post(V + "/composite/sobjects", contacts(true, names));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get(0).get("errorCode").asText()).isEqualTo("EXCEEDED_ID_LIMIT");
    assertThat(json(response).get(0).get("message").asText())
        .isEqualTo("record limit reached. cannot submit more than 200 records into this call");
    assertThat(
            http.post(
                    V + "/composite/sobjects",
                    contacts(true, Collections.nCopies(200, "X").toArray(new String[0])))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void retrieve_answersRecordsInIdOrder_withNullForMissingAndDeleted() {
    List<String> ids = create("A", "B");
    http.delete(V + "/composite/sobjects?ids=" + ids.get(1));
    String unknown = SalesforceIds.make("003", 7);

    HttpResponse<String> response =
        http.get(
            V
                + "/composite/sobjects/Contact?ids="
                + ids.get(0).substring(0, 15)
                + ","
                + ids.get(1)
                + ","
                + unknown
                + "&fields=lastname,Title,SystemModstamp");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode results = json(response);
    assertThat(results).hasSize(3);
    JsonNode record = results.get(0);
    assertThat(record.get("attributes").get("type").asText()).isEqualTo("Contact");
    assertThat(record.get("attributes").get("url").asText())
        .isEqualTo("/services/data/v62.0/sobjects/Contact/" + ids.get(0));
    assertThat(record.get("Id").asText()).isEqualTo(ids.get(0));
    assertThat(record.get("LastName").asText()).isEqualTo("A");
    assertThat(record.get("Title").isNull()).isTrue();
    assertThat(record.get("SystemModstamp").asText()).isEqualTo("2024-11-10T18:39:00.000+0000");
    assertThat(results.get(1).isNull()).isTrue();
    assertThat(results.get(2).isNull()).isTrue();
  }

  @Test
  void retrieve_withoutFieldsOrWithUnknownField_failsTheRequest() {
    String id = create("A").get(0);

    assertThat(http.get(V + "/composite/sobjects/Contact?ids=" + id).statusCode()).isEqualTo(400);
    HttpResponse<String> unknown =
        http.get(V + "/composite/sobjects/Contact?ids=" + id + "&fields=Nope");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(json(unknown).get(0).get("errorCode").asText()).isEqualTo("INVALID_FIELD");
    HttpResponse<String> badChecksum =
        http.get(V + "/composite/sobjects/Contact?ids=" + id.substring(0, 15) + "AAA&fields=Title");
    assertThat(badChecksum.statusCode()).isEqualTo(400);
    assertThat(json(badChecksum).get(0).get("errorCode").asText()).isEqualTo("MALFORMED_ID");
  }

  @Test
  void retrieve_postVariant_takesIdsAndFieldsInTheBody() {
    String id = create("A").get(0);

    JsonNode results =
        json(
            http.post(
                V + "/composite/sobjects/Contact",
                "{\"ids\":[\"" + id + "\"],\"fields\":[\"LastName\"]}"));

    assertThat(results.get(0).get("LastName").asText()).isEqualTo("A");
  }

  @Test
  void upsert_byExternalId_createsThenUpdates_andReportsCreated() {
    String body =
        "{\"allOrNone\":true,\"records\":[{\"attributes\":{\"type\":\"Contact\"},"
            + "\"External_Id__c\":\"ext-1\",\"LastName\":\"A\"}]}";

    JsonNode first = json(http.patch(V + "/composite/sobjects/Contact/External_Id__c", body));
    JsonNode second =
        json(
            http.patch(
                V + "/composite/sobjects/Contact/External_Id__c", body.replace("\"A\"", "\"B\"")));

    assertThat(first.get(0).get("created").asBoolean()).isTrue();
    assertThat(second.get(0).get("created").asBoolean()).isFalse();
    assertThat(second.get(0).get("id").asText()).isEqualTo(first.get(0).get("id").asText());
    assertThat(fake.records("Contact"))
        .singleElement()
        .satisfies(r -> assertThat(r).containsEntry("LastName", "B"));
    assertThat(http.patch(V + "/composite/sobjects/Contact/Nope__c", body).statusCode())
        .isEqualTo(404);
  }

  @Test
  void sameSecondUpdates_getTheSameSystemModstamp() {
    String id = create("A").get(0);
    String update =
        "{\"records\":[{\"attributes\":{\"type\":\"Contact\"},\"id\":\""
            + id
            + "\",\"Title\":\"%s\"}]}";

    http.patch(V + "/composite/sobjects", String.format(update, "one"));
    Object first = fake.record(id).orElseThrow().get("SystemModstamp");
    http.patch(V + "/composite/sobjects", String.format(update, "two"));

    assertThat(fake.record(id).orElseThrow().get("SystemModstamp")).isEqualTo(first);
    assertThat(fake.record(id).orElseThrow()).containsEntry("Title", "two");
  }

  @Test
  void requestErrors_unknownFieldWrongTypeBadJsonMissingTypeAndWrongContentType() {
    HttpResponse<String> unknownField =
        http.post(
            V + "/composite/sobjects",
            "{\"records\":[{\"attributes\":{\"type\":\"Contact\"},\"LastName\":\"A\",\"Nope\":1}]}");
    assertThat(unknownField.statusCode()).isEqualTo(400);
    assertThat(json(unknownField).get(0).get("errorCode").asText()).isEqualTo("INVALID_FIELD");
    assertThat(json(unknownField).get(0).get("message").asText())
        .isEqualTo("No such column 'Nope' on sobject of type Contact");

    HttpResponse<String> wrongType =
        http.post(
            V + "/composite/sobjects",
            "{\"records\":[{\"attributes\":{\"type\":\"Account\"},\"Name\":\"A\",\"NumberOfEmployees\":\"forty\"}]}");
    assertThat(wrongType.statusCode()).isEqualTo(400);
    assertThat(json(wrongType).get(0).get("errorCode").asText()).isEqualTo("JSON_PARSER_ERROR");

    HttpResponse<String> badJson = http.post(V + "/composite/sobjects", "{\"records\" [");
    assertThat(badJson.statusCode()).isEqualTo(400);
    assertThat(json(badJson).get(0).get("errorCode").asText()).isEqualTo("JSON_PARSER_ERROR");

    HttpResponse<String> missingType =
        http.post(V + "/composite/sobjects", "{\"records\":[{\"LastName\":\"A\"}]}");
    assertThat(missingType.statusCode()).isEqualTo(400);

    HttpResponse<String> text =
        http.send(
            http.authorized(V + "/composite/sobjects")
                .header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(contacts(true, "A"))));
    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(fake.records("Contact")).isEmpty();
  }

  @Test
  void describe_listsFieldNames() {
    JsonNode describe = json(http.get(V + "/sobjects/Task/describe"));

    List<String> names = new ArrayList<>();
    describe.get("fields").forEach(f -> names.add(f.get("name").asText()));
    assertThat(names).contains("Id", "Subject", "Status", "WhoId", "SystemModstamp");
    assertThat(describe.get("keyPrefix").asText()).isEqualTo("00T");
    assertThat(http.get(V + "/sobjects/Nope__c/describe").statusCode()).isEqualTo(404);
  }

  private static String code(JsonNode result) {
    return result.get("errors").get(0).get("statusCode").asText();
  }
}
