package io.mutationapi.testing.salesforce;

import static io.mutationapi.testing.salesforce.SfHttp.V;
import static io.mutationapi.testing.salesforce.SfHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeSalesforceRecordTest {
  final FakeSalesforce fake = FakeSalesforce.start();
  final SfHttp http = new SfHttp(fake).login();

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void singleRecord_createGetUpdateDelete_followTheDocumentedStatuses() {
    HttpResponse<String> created =
        http.post(V + "/sobjects/Account/", "{\"Name\":\"Acme\",\"Industry\":\"Energy\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    String id = json(created).get("id").asText();
    assertThat(json(created).get("success").asBoolean()).isTrue();

    HttpResponse<String> updated =
        http.patch(V + "/sobjects/Account/" + id, "{\"Industry\":null,\"Phone\":\"555\"}");
    assertThat(updated.statusCode()).isEqualTo(204);
    assertThat(updated.body()).isEmpty();

    JsonNode record = json(http.get(V + "/sobjects/Account/" + id));
    assertThat(record.get("attributes").get("url").asText())
        .isEqualTo("/services/data/v62.0/sobjects/Account/" + id);
    assertThat(record.get("Name").asText()).isEqualTo("Acme");
    assertThat(record.get("Industry").isNull()).isTrue();
    assertThat(record.get("Phone").asText()).isEqualTo("555");
    assertThat(record.get("LastModifiedDate").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.000\\+0000");

    assertThat(http.delete(V + "/sobjects/Account/" + id).statusCode()).isEqualTo(204);
    HttpResponse<String> again = http.delete(V + "/sobjects/Account/" + id);
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(again.body())
        .isEqualTo(
            "[{\"message\":\"entity is deleted\",\"errorCode\":\"ENTITY_IS_DELETED\",\"fields\":[]}]");
    assertThat(http.get(V + "/sobjects/Account/" + id).statusCode()).isEqualTo(404);
  }

  @Test
  void singleRecord_pathErrors_unknownIdBadChecksumAndNotAnId() {
    String unknown = SalesforceIds.make("003", 5);
    HttpResponse<String> notFound = http.get(V + "/sobjects/Contact/" + unknown);
    assertThat(notFound.statusCode()).isEqualTo(404);
    assertThat(json(notFound).get(0).get("errorCode").asText()).isEqualTo("NOT_FOUND");

    HttpResponse<String> badChecksum = http.patch(V + "/sobjects/Contact/003xx000004TmiQAAA", "{}");
    assertThat(badChecksum.statusCode()).isEqualTo(400);
    assertThat(json(badChecksum).get(0).get("errorCode").asText()).isEqualTo("MALFORMED_ID");

    HttpResponse<String> notAnId = http.get(V + "/sobjects/Contact/001i000000xxxxxx");
    assertThat(notAnId.statusCode()).isEqualTo(404);
    assertThat(json(notAnId).get(0).get("message").asText())
        .isEqualTo(
            "Provided external ID field does not exist or is not accessible: 001i000000xxxxxx");
  }

  @Test
  void singleRecord_createWithId_isRefused() {
    HttpResponse<String> response =
        http.post(V + "/sobjects/Contact/", "{\"Id\":\"003xx000004TmiQAAS\",\"LastName\":\"A\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get(0).get("errorCode").asText()).isEqualTo("INVALID_FIELD");
    assertThat(json(response).get(0).get("message").asText())
        .isEqualTo("The Id field should not be specified in the sobject data.");
  }

  @Test
  void singleRecord_upsert_createsWith201_updatesWith200_severalMatchesAnswer300() {
    HttpResponse<String> created =
        http.patch(V + "/sobjects/Contact/External_Id__c/e1", "{\"LastName\":\"A\"}");
    HttpResponse<String> updated =
        http.patch(V + "/sobjects/Contact/External_Id__c/e1", "{\"LastName\":\"B\"}");

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(json(created).get("created").asBoolean()).isTrue();
    assertThat(updated.statusCode()).isEqualTo(200);
    assertThat(json(updated).get("created").asBoolean()).isFalse();

    fake.seed("Contact", Map.of("LastName", "C", "External_Id__c", "dup"));
    fake.seed("Contact", Map.of("LastName", "D", "External_Id__c", "dup"));
    HttpResponse<String> several =
        http.patch(V + "/sobjects/Contact/External_Id__c/dup", "{\"LastName\":\"E\"}");
    assertThat(several.statusCode()).isEqualTo(300);
    assertThat(json(several)).hasSize(2);
  }

  @Test
  void validation_requiredFieldEmailReadOnlyFieldAndReferences_failWithSalesforceCodes() {
    JsonNode required = json(http.post(V + "/sobjects/Contact/", "{\"FirstName\":\"A\"}"));
    assertThat(required.get(0).get("errorCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
    assertThat(required.get(0).get("message").asText())
        .isEqualTo("Required fields are missing: [LastName]");

    JsonNode email =
        json(http.post(V + "/sobjects/Contact/", "{\"LastName\":\"A\",\"Email\":\"foo\"}"));
    assertThat(email.get(0).get("errorCode").asText()).isEqualTo("INVALID_EMAIL_ADDRESS");
    assertThat(email.get(0).get("fields").get(0).asText()).isEqualTo("Email");

    JsonNode readOnly =
        json(
            http.post(
                V + "/sobjects/Contact/",
                "{\"LastName\":\"A\",\"CreatedDate\":\"2024-01-01T00:00:00.000Z\"}"));
    assertThat(readOnly.get(0).get("errorCode").asText())
        .isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE");
    assertThat(readOnly.get(0).get("message").asText())
        .startsWith("Unable to create/update fields: CreatedDate. Please check the security");

    JsonNode badReference =
        json(
            http.post(
                V + "/sobjects/Task/",
                "{\"Subject\":\"Call\",\"WhoId\":\"" + SalesforceIds.make("003", 9) + "\"}"));
    assertThat(badReference.get(0).get("errorCode").asText())
        .isEqualTo("INVALID_CROSS_REFERENCE_KEY");

    JsonNode nameMissing = json(http.post(V + "/sobjects/Account/", "{\"Name\":null}"));
    assertThat(nameMissing.get(0).get("errorCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
    assertThat(fake.records("Contact")).isEmpty();
  }

  @Test
  void validation_taskDefaultsAndReferencesAnExistingContact() {
    String contact = fake.seed("Contact", Map.of("LastName", "A"));

    HttpResponse<String> created =
        http.post(V + "/sobjects/Task/", "{\"Subject\":\"Call\",\"WhoId\":\"" + contact + "\"}");

    assertThat(created.statusCode()).isEqualTo(201);
    Map<String, Object> task = fake.record(json(created).get("id").asText()).orElseThrow();
    assertThat(task).containsEntry("Status", "Not Started").containsEntry("Priority", "Normal");
    assertThat(task.get("Id").toString()).startsWith("00T");
  }

  @Test
  void validationRule_failsTheRecordWithItsMessage() {
    fake.addValidationRule(
        "Account", r -> "Closed".equals(r.get("Industry")), "Industry cannot be Closed");

    JsonNode results =
        json(
            http.post(
                V + "/composite/sobjects",
                "{\"records\":[{\"attributes\":{\"type\":\"Account\"},\"Name\":\"A\",\"Industry\":\"Closed\"}]}"));

    JsonNode error = results.get(0).get("errors").get(0);
    assertThat(error.get("statusCode").asText()).isEqualTo("FIELD_CUSTOM_VALIDATION_EXCEPTION");
    assertThat(error.get("message").asText()).isEqualTo("Industry cannot be Closed");
  }

  @Test
  void calls_areRecordedWithHeadersAndBody_andHandlingTimeIsCounted() {
    http.send(
        http.authorized(V + "/composite/sobjects")
            .header("Content-Type", "application/json")
            .header("Sforce-Auto-Assign", "FALSE")
            .header("Sforce-Call-Options", "client=mutation-api")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(SfHttp.contacts(true, "A"))));

    RecordedCall call = fake.calls(RecordedCall::isWrite).get(0);
    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.path()).isEqualTo(V + "/composite/sobjects");
    assertThat(call.header("sforce-auto-assign")).hasValue("FALSE");
    assertThat(call.header("Sforce-Call-Options")).hasValue("client=mutation-api");
    assertThat(call.body()).contains("\"LastName\":\"A\"");
    assertThat(call.toString()).doesNotContain("Bearer");
    assertThat(fake.calls(RecordedCall::isTokenRequest)).hasSize(1);
    assertThat(fake.tokenRequests()).isEqualTo(1);
    assertThat(fake.dataRequests()).isEqualTo(1);
    assertThat(fake.handledCalls()).isEqualTo(2);
    assertThat(fake.handlingTime()).isPositive();
    fake.clearCalls();
    assertThat(fake.calls()).isEmpty();
  }

  @Test
  void seed_ofUnknownFieldOrSObject_isRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> fake.seed("Contact", Map.of("Nope", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No such column 'Nope'");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> fake.seed("Nope__c", Map.of("Name", 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void customSObject_canBeCreatedUpsertedAndDescribed() {
    fake.addSObject(
        SObjectDefinition.builder("Invoice__c", "a01")
            .requiredField("Name", "string")
            .field("Amount__c", "double")
            .externalIdField("Number__c")
            .build());

    JsonNode results =
        json(
            http.patch(
                V + "/composite/sobjects/Invoice__c/Number__c",
                "{\"allOrNone\":true,\"records\":[{\"attributes\":{\"type\":\"Invoice__c\"},"
                    + "\"Number__c\":\"INV-1\",\"Name\":\"First\",\"Amount__c\":12.5}]}"));

    String id = results.get(0).get("id").asText();
    assertThat(id).startsWith("a01");
    assertThat(fake.record(id).orElseThrow()).containsEntry("Amount__c", 12.5);
    JsonNode describe = json(http.get(V + "/sobjects/Invoice__c/describe"));
    assertThat(describe.get("custom").asBoolean()).isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> fake.addSObject(SObjectDefinition.builder("Other__c", "a01").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a01");
  }

  @Test
  void limits_reportsTheDailyAllocation() {
    fake.setApiUsage(10, 500);

    JsonNode limits = json(http.get(V + "/limits/"));

    assertThat(limits.get("DailyApiRequests").get("Max").asLong()).isEqualTo(500);
    assertThat(limits.get("DailyApiRequests").get("Remaining").asLong()).isEqualTo(489);
  }

  @Test
  void clearRecords_forgetsThem_andMaxRecordedCallsBoundsTheLog() {
    fake.seed("Contact", Map.of("LastName", "A"));
    fake.clearRecords();
    assertThat(fake.records("Contact")).isEmpty();

    try (FakeSalesforce quiet = FakeSalesforce.builder().maxRecordedCalls(0).start()) {
      new SfHttp(quiet).login();
      assertThat(quiet.calls()).isEmpty();
      assertThat(quiet.tokenRequests()).isEqualTo(1);
    }
  }
}
