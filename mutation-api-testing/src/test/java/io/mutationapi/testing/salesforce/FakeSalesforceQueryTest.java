package io.mutationapi.testing.salesforce;

import static io.mutationapi.testing.salesforce.SfHttp.V;
import static io.mutationapi.testing.salesforce.SfHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeSalesforceQueryTest {
  static final String FROM = "SystemModstamp >= 2026-01-01T00:00:00Z";

  final FakeSalesforce fake = FakeSalesforce.start();
  final SfHttp http = new SfHttp(fake).login();

  @AfterEach
  void stop() {
    fake.close();
  }

  HttpResponse<String> query(String resource, String soql) {
    return http.get(V + "/" + resource + "?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8));
  }

  static List<String> lastNames(HttpResponse<String> response) {
    List<String> names = new ArrayList<>();
    json(response).get("records").forEach(r -> names.add(r.get("LastName").asText()));
    return names;
  }

  String seed(String lastName, String stamp) {
    return fake.seed("Contact", Map.of("LastName", lastName, "SystemModstamp", stamp));
  }

  @Test
  void query_ordersBySystemModstampThenId_andStopsAtTheLimit() {
    seed("c", "2026-01-01T00:00:02.000+0000");
    seed("a", "2026-01-01T00:00:01.000+0000");
    seed("b", "2026-01-01T00:00:01.000+0000");
    seed("old", "2025-12-31T23:59:59.000+0000");

    HttpResponse<String> page =
        query(
            "query",
            "SELECT Id, LastName, SystemModstamp FROM Contact WHERE "
                + FROM
                + " ORDER BY SystemModstamp, Id LIMIT 2");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(lastNames(page)).containsExactly("a", "b");
    JsonNode body = json(page);
    assertThat(body.get("done").asBoolean()).isTrue();
    assertThat(body.get("totalSize").asInt()).isEqualTo(2);
    assertThat(body.get("records").get(0).get("attributes").get("type").asText())
        .isEqualTo("Contact");
    assertThat(body.get("records").get(0).get("SystemModstamp").asText())
        .isEqualTo("2026-01-01T00:00:01.000+0000");
  }

  @Test
  void query_withKeysetClause_skipsTheSameSecondUpToTheId() {
    String a = seed("a", "2026-01-01T00:00:01.000+0000");
    seed("b", "2026-01-01T00:00:01.000+0000");
    seed("c", "2026-01-01T00:00:02.000+0000");

    HttpResponse<String> page =
        query(
            "query",
            "SELECT LastName FROM Contact WHERE SystemModstamp >= 2026-01-01T00:00:01Z AND"
                + " (SystemModstamp > 2026-01-01T00:00:01Z OR Id > '"
                + a
                + "') ORDER BY SystemModstamp, Id LIMIT 10");

    assertThat(lastNames(page)).containsExactly("b", "c");
  }

  @Test
  void queryAll_includesDeletedRecords_queryLeavesThemOut() {
    String gone = seed("gone", "2026-01-01T00:00:01.000+0000");
    seed("kept", "2026-01-01T00:00:01.000+0000");
    fake.deleteAsOtherUser(gone);
    String soql =
        "SELECT LastName, IsDeleted FROM Contact WHERE "
            + FROM
            + " ORDER BY SystemModstamp, Id LIMIT 10";

    assertThat(lastNames(query("query", soql))).containsExactly("kept");
    HttpResponse<String> all = query("queryAll", soql);
    assertThat(lastNames(all)).containsExactly("kept", "gone");
    assertThat(json(all).get("records").get(1).get("IsDeleted").asBoolean()).isTrue();
    assertThat(
            lastNames(
                query(
                    "queryAll",
                    "SELECT LastName FROM Contact WHERE "
                        + FROM
                        + " AND IsDeleted = true ORDER BY SystemModstamp, Id LIMIT 10")))
        .containsExactly("gone");
  }

  @Test
  void query_ofAnotherShape_answersMalformedQuery() {
    HttpResponse<String> response = query("query", "SELECT Id FROM Contact");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get(0).get("errorCode").asText()).isEqualTo("MALFORMED_QUERY");
    assertThat(
            json(query("query", "SELECT Id FROM Contact WHERE " + FROM + " ORDER BY Id LIMIT 5"))
                .get(0)
                .get("errorCode")
                .asText())
        .isEqualTo("MALFORMED_QUERY");
  }

  @Test
  void query_ofAnUnknownFieldOrSObject_answersInvalidFieldOrType() {
    String tail = " WHERE " + FROM + " ORDER BY SystemModstamp, Id LIMIT 5";

    HttpResponse<String> field = query("query", "SELECT Nope FROM Contact" + tail);
    HttpResponse<String> type = query("query", "SELECT Id FROM Nope" + tail);

    assertThat(field.statusCode()).isEqualTo(400);
    assertThat(json(field).get(0).get("errorCode").asText()).isEqualTo("INVALID_FIELD");
    assertThat(json(type).get(0).get("errorCode").asText()).isEqualTo("INVALID_TYPE");
  }

  @Test
  void editsAsOtherUser_stampSystemModstamp_andAreNotApiCalls() {
    String id = fake.createAsOtherUser("Contact", Map.of("LastName", "Rep"));
    fake.updateAsOtherUser(id, Map.of("Title", "VP"));
    long calls = fake.apiUsage();

    Map<String, Object> record = fake.record(id).orElseThrow();
    assertThat(record.get("Title")).isEqualTo("VP");
    assertThat((String) record.get("SystemModstamp")).endsWith(".000+0000");
    assertThat(calls).isZero();
    fake.deleteAsOtherUser(id);
    assertThat(fake.record(id).orElseThrow().get("IsDeleted")).isEqualTo(true);
  }

  @Test
  void editsAsOtherUser_thatTheChecksRefuse_throw() {
    assertThatThrownBy(() -> fake.createAsOtherUser("Contact", Map.of("Title", "no name")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("REQUIRED_FIELD_MISSING");
    String id = fake.createAsOtherUser("Contact", Map.of("LastName", "x"));
    fake.deleteAsOtherUser(id);
    assertThatThrownBy(() -> fake.updateAsOtherUser(id, Map.of("Title", "t")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ENTITY_IS_DELETED");
  }
}
