package io.mutationapi.client;

import static io.mutationapi.client.Fixtures.clientFor;
import static io.mutationapi.client.Fixtures.compact;
import static io.mutationapi.client.Fixtures.example;
import static io.mutationapi.client.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mutationapi.JsonNumber;
import io.mutationapi.MutationRequest;
import io.mutationapi.PartialRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What goes on the wire: bodies byte for byte as WIRE.md wants, and the headers. */
class RequestBodiesTest {
  @StartStop private final MockWebServer server = new MockWebServer();
  private MutationClient client;

  @BeforeEach
  void setUp() {
    client = clientFor(server).build();
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  private String sentBody() throws InterruptedException {
    return server.takeRequest().getBody().utf8();
  }

  @Test
  void create_sendsRecordsSnakeCaseAndTimeoutInMillis() throws Exception {
    server.enqueue(ok());
    client
        .mutations()
        .create("my-sync-id", "salesforce:contact")
        .record(Map.of("FirstName", "Paul"))
        .awaitConsumers(List.of("c1", "c2"), Duration.ofSeconds(5))
        .execute();

    assertThat(sentBody())
        .isEqualTo(
            "{\"kind\":\"create\",\"sync_id\":\"my-sync-id\","
                + "\"collection_id\":\"salesforce:contact\","
                + "\"records\":[{\"data\":{\"FirstName\":\"Paul\"}}],"
                + "\"await_consumer_ids\":[\"c1\",\"c2\"],\"await_consumers_timeout\":5000}");
  }

  @Test
  void awaitConsumers_withoutTimeoutSendsTheDefault30Seconds() throws Exception {
    server.enqueue(ok());
    client.mutations().create("s", "c").record(Map.of("a", 1)).awaitConsumers("db").execute();

    assertThat(sentBody())
        .endsWith("\"await_consumer_ids\":[\"db\"],\"await_consumers_timeout\":30000}");
  }

  @Test
  void update_sendsUpstreamIdsAndKeepsNullDistinctFromAbsent() throws Exception {
    server.enqueue(ok());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("Email", null);
    data.put("Title", "Duke");
    client.mutations().update("s", "salesforce:contact").record("003A", data).execute();

    assertThat(sentBody())
        .isEqualTo(
            "{\"kind\":\"update\",\"sync_id\":\"s\",\"collection_id\":\"salesforce:contact\","
                + "\"records\":[{\"upstream_id\":\"003A\",\"data\":{\"Email\":null,"
                + "\"Title\":\"Duke\"}}]}");
  }

  @Test
  void delete_sendsUpstreamIds() throws Exception {
    server.enqueue(ok());
    client.mutations().delete("s", "c").upstreamIds("a", "b").execute();

    assertThat(sentBody())
        .isEqualTo(
            "{\"kind\":\"delete\",\"sync_id\":\"s\",\"collection_id\":\"c\","
                + "\"upstream_ids\":[\"a\",\"b\"]}");
  }

  @Test
  void publishedRequestExamples_areWhatTheClientSends() throws Exception {
    server.enqueue(ok());
    server.enqueue(ok());
    server.enqueue(ok());
    server.enqueue(ok());
    Map<String, Object> paul = new LinkedHashMap<>();
    paul.put("FirstName", "Paul");
    paul.put("LastName", "Atreides");
    paul.put("Email", "paul@arrakis.org");
    Map<String, Object> duncan = new LinkedHashMap<>();
    duncan.put("FirstName", "Duncan");
    duncan.put("LastName", "Idaho");
    duncan.put("Email", "duncan@arrakis.org");

    client.mutations().create("my-sync-id", "salesforce:contact").record(paul).execute();
    assertThat(sentBody()).isEqualTo(compact(example("create-request.json")));

    client
        .mutations()
        .create("my-sync-id", "salesforce:contact")
        .record(paul)
        .awaitConsumers(List.of("c906b4a4-0cda-4f46-bd80-255f570c195d"), Duration.ofSeconds(5))
        .execute();
    assertThat(sentBody()).isEqualTo(compact(example("create-request-await.json")));

    client
        .mutations()
        .update("my-sync-id", "salesforce:contact")
        .record("0031U00000Qn2ZVQAZ", paul)
        .record("0031U00000Qn2ZVQBA", duncan)
        .execute();
    assertThat(sentBody()).isEqualTo(compact(example("update-request.json")));

    client
        .mutations()
        .delete("my-sync-id", "salesforce:contact")
        .upstreamIds("0031U00000Qn2ZVQAZ")
        .execute();
    assertThat(sentBody()).isEqualTo(compact(example("delete-request.json")));
  }

  @Test
  void everyRequest_carriesTokenJsonTypeUserAgentAndAFreshIdempotencyKey() throws Exception {
    server.enqueue(ok());
    server.enqueue(ok());
    client.mutations().create("s", "c").record(Map.of("a", 1)).execute();
    client.mutations().create("s", "c").record(Map.of("a", 1)).execute();

    RecordedRequest first = server.takeRequest();
    RecordedRequest second = server.takeRequest();
    assertThat(first.getMethod()).isEqualTo("POST");
    assertThat(first.getUrl().encodedPath()).isEqualTo("/v1/mutations/run");
    assertThat(first.getHeaders().get("Authorization")).isEqualTo("Bearer " + Fixtures.TOKEN);
    assertThat(first.getHeaders().get("Content-Type")).isEqualTo("application/json");
    assertThat(first.getHeaders().get("User-Agent")).isEqualTo("mutation-api-java/0.1.0-SNAPSHOT");
    assertThat(first.getHeaders().get("Idempotency-Key"))
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(second.getHeaders().get("Idempotency-Key"))
        .isNotEqualTo(first.getHeaders().get("Idempotency-Key"));
  }

  @Test
  void idempotencyKey_givenByTheCallerIsSent() throws Exception {
    server.enqueue(ok());
    server.enqueue(ok());
    client.mutations().delete("s", "c").upstreamIds("a").idempotencyKey("order-42").execute();
    client.mutations().run(MutationRequest.delete("s", "c").upstreamIds("a").build(), "order-43");

    assertThat(server.takeRequest().getHeaders().get("Idempotency-Key")).isEqualTo("order-42");
    assertThat(server.takeRequest().getHeaders().get("Idempotency-Key")).isEqualTo("order-43");
  }

  @Test
  void idempotencyKey_mustBePrintableAsciiUpTo255() {
    CreateCall call = client.mutations().create("s", "c");
    assertThatThrownBy(() -> call.idempotencyKey("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> call.idempotencyKey("a".repeat(256)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> call.idempotencyKey("caf\u00e9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("printable ASCII");
  }

  @Test
  void baseUrlWithPath_keepsThePath() throws Exception {
    server.enqueue(ok());
    try (MutationClient c =
        Fixtures.clientFor(server).baseUrl(server.url("/api").toString()).build()) {
      c.mutations().delete("s", "c").upstreamIds("a").execute();
    }
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/api/v1/mutations/run");
  }

  static final class Contact {
    @JsonProperty("FirstName")
    public String firstName = "Paul";

    @JsonProperty("Score")
    public BigDecimal score = new BigDecimal("0.10000000000000000001");
  }

  @Test
  void record_pojoIsConvertedWithTheObjectMapperKeepingExactNumbers() throws Exception {
    server.enqueue(ok());
    client.mutations().create("s", "c").record(new Contact()).execute();

    assertThat(sentBody())
        .contains(
            "\"records\":[{\"data\":{\"FirstName\":\"Paul\",\"Score\":0.10000000000000000001}}]");
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  static final class ContactPatch {
    public String title = "Duke";
    public String email;
  }

  @Test
  void record_suppliedObjectMapperDecidesNamesAndNulls() throws Exception {
    server.enqueue(ok());
    try (MutationClient c =
        client.withOptions(
            o ->
                o.objectMapper(
                    JsonMapper.builder()
                        .propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
                        .build()))) {
      c.mutations().update("s", "c").record("003A", new ContactPatch()).execute();
    }
    assertThat(sentBody())
        .contains("\"records\":[{\"upstream_id\":\"003A\",\"data\":{\"Title\":\"Duke\"}}]");
  }

  static final class Contact3 {
    @JsonProperty("FirstName")
    public String firstName;

    @JsonProperty("LastName")
    public String lastName;

    @JsonProperty("Email")
    public String email;

    Contact3(String firstName, String lastName, String email) {
      this.firstName = firstName;
      this.lastName = lastName;
      this.email = email;
    }
  }

  @Test
  void update_fromAnObject_leavesNullPropertiesOutSoTheirFieldsAreKept() throws Exception {
    server.enqueue(ok());
    client
        .mutations()
        .update("s", "c")
        .record("003A", new Contact3(null, null, "paul@caladan.org"))
        .execute();

    assertThat(sentBody())
        .contains(
            "\"records\":[{\"upstream_id\":\"003A\",\"data\":{\"Email\":\"paul@caladan.org\"}}]");
  }

  @Test
  void update_fromAMapHoldingNull_clearsThatField() throws Exception {
    server.enqueue(ok());
    Map<String, Object> changes = new java.util.LinkedHashMap<>();
    changes.put("Phone", null);
    client.mutations().update("s", "c").record("003A", changes).execute();

    assertThat(sentBody()).contains("\"data\":{\"Phone\":null}");
  }

  @Test
  void record_mapValuesGoThroughTheObjectMapperSoDatesAreIsoText() throws Exception {
    server.enqueue(ok());
    client.mutations().create("s", "c").record(Map.of("ActivityDate", new Date(0))).execute();

    assertThat(sentBody())
        .contains("\"data\":{\"ActivityDate\":\"1970-01-01T00:00:00.000+00:00\"}");
  }

  @Test
  void record_mapValuesKeepJsonNumbersFromARecordUnchanged() throws Exception {
    server.enqueue(ok());
    client
        .mutations()
        .create("s", "c")
        .record(
            Map.of(
                "Big",
                JsonNumber.parse("12345678901234567890123"),
                "Exp",
                JsonNumber.parse("1e400")))
        .execute();

    String body = sentBody();
    assertThat(body).contains("\"Big\":12345678901234567890123").contains("\"Exp\":1e400");
  }

  @Test
  void records_acceptPartialRecordsMapsAndPojos() throws Exception {
    server.enqueue(Fixtures.ok(3));
    client
        .mutations()
        .create("s", "c")
        .records(List.of(PartialRecord.of(Map.of("a", 1)), Map.of("b", true), new Contact()))
        .execute();

    assertThat(sentBody())
        .contains(
            "\"records\":[{\"data\":{\"a\":1}},{\"data\":{\"b\":true}},"
                + "{\"data\":{\"FirstName\":\"Paul\",\"Score\":0.10000000000000000001}}]");
  }

  @Test
  void record_thatIsNotAJsonObjectFailsBeforeSending() {
    assertThatThrownBy(() -> client.mutations().create("s", "c").record("just a string"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must convert to a JSON object");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void execute_withoutRecordsFailsBeforeSendingAndSaysWhatIsMissing() {
    assertThatThrownBy(() -> client.mutations().create("s", "c").execute())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("record");
    assertThatThrownBy(() -> client.mutations().delete("s", "c").execute())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("upstreamIds");
    assertThat(server.getRequestCount()).isZero();
  }
}
