package io.mutationapi.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.PartialRecord;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {

  @Test
  void update_nullIsSentAndAbsentKeysAreNot() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("Description", null);
    data.put("Id", "somethingElse");
    CallSpec spec = RequestBodies.update("Contact", List.of(PartialRecord.of("003A", data)));
    assertThat(new String(spec.body(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"allOrNone\":true,\"records\":[{\"attributes\":{\"type\":\"Contact\"},"
                + "\"id\":\"003A\",\"Description\":null}]}");
    assertThat(spec.idempotent()).isTrue();
    assertThat(spec.targetIds()).containsExactly("003A");
  }

  @Test
  void create_isNotIdempotent_andUpsertIs() {
    List<PartialRecord> records = List.of(PartialRecord.of(Map.of("Ext__c", "k1")));
    assertThat(RequestBodies.create("Contact", records).isCreate()).isTrue();
    CallSpec upsert = RequestBodies.upsert("Contact", "Ext__c", records);
    assertThat(upsert.idempotent()).isTrue();
    assertThat(upsert.path()).isEqualTo("composite/sobjects/Contact/Ext__c");
  }

  @Test
  void delete_putsIdsAndAllOrNoneInTheQuery() {
    CallSpec spec = RequestBodies.delete(List.of("003A", "003B"));
    HttpUrl url = spec.url(HttpUrl.get("https://example.my.salesforce.com"), "62.0");
    assertThat(url.encodedPath()).isEqualTo("/services/data/v62.0/composite/sobjects");
    assertThat(url.queryParameter("ids")).isEqualTo("003A,003B");
    assertThat(url.queryParameter("allOrNone")).isEqualTo("true");
  }

  @Test
  void read_longLists_goInAPostBody() {
    List<String> ids = Collections.nCopies(200, "003000000000001AAA");
    List<String> fields = Collections.nCopies(400, "Some_Long_Field_Name__c");
    CallSpec spec = RequestBodies.read("Contact", ids, fields);
    assertThat(spec.method()).isEqualTo("POST");
    assertThat(spec.idempotent()).isTrue();
    CallSpec small = RequestBodies.read("Contact", List.of("003A"), List.of("Id", "Name"));
    assertThat(small.method()).isEqualTo("GET");
  }

  @Test
  void defaultSObject_capitalizesTheLowercaseName() {
    assertThat(SObjectTarget.defaultSObject("salesforce:contact")).contains("Contact");
    assertThat(SObjectTarget.defaultSObject("salesforce:invoice__c")).contains("Invoice__c");
    assertThat(SObjectTarget.defaultSObject("salesforce:Contact")).isEmpty();
    assertThat(SObjectTarget.defaultSObject("hubspot:contact")).isEmpty();
  }
}
