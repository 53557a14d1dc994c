package io.mutationapi.salesforce;

import static io.mutationapi.salesforce.Harness.CONTACT;
import static io.mutationapi.salesforce.Harness.SYNC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.server.spi.UpstreamException;
import io.mutationapi.testing.salesforce.FakeSalesforce;
import io.mutationapi.testing.salesforce.Fault;
import io.mutationapi.testing.salesforce.RecordedCall;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What the adapter sends and returns, against a fake org on loopback. */
class SalesforceUpstreamTest {

  private static MutationRequest createContact(Map<String, ?> data) {
    return MutationRequest.create(SYNC, CONTACT).record(data).build();
  }

  @Test
  void create_returnsTheFullStateReadBackWithSalesforceTimestamps() {
    try (Harness h = Harness.start()) {
      Record record =
          h.apply(createContact(Map.of("LastName", "Atreides", "Email", "paul@example.com")))
              .get(0);

      Map<String, Object> stored = h.fake.record(record.upstreamId()).orElseThrow();
      assertThat(record.upstreamId()).hasSize(18).startsWith("003");
      assertThat(record.data())
          .containsEntry("LastName", "Atreides")
          .containsEntry("Email", "paul@example.com")
          .containsKeys("Id", "FirstName", "CreatedDate", "SystemModstamp")
          .doesNotContainKey("attributes");
      assertThat(record.upstreamUpdatedAt())
          .isEqualTo(Timestamps.parse(stored.get("SystemModstamp")).orElseThrow());
      assertThat(record.upstreamCreatedAt())
          .contains(Timestamps.parse(stored.get("CreatedDate")).orElseThrow());
      assertThat(record.updatedIdx()).isPresent();
      List<String> calls = describe(h.fake.calls(RecordedCall::isDataCall));
      assertThat(calls)
          .containsExactly(
              "POST /services/data/v62.0/composite/sobjects",
              "GET /services/data/v62.0/sobjects/Contact/describe",
              "GET /services/data/v62.0/composite/sobjects/Contact");
    }
  }

  @Test
  void writes_sendAllOrNoneAutoAssignFalseAndTheClientName() {
    try (Harness h = Harness.start()) {
      h.apply(createContact(Map.of("LastName", "Atreides")));

      RecordedCall write = h.fake.calls(RecordedCall::isWrite).get(0);
      assertThat(write.body()).contains("\"allOrNone\":true");
      assertThat(write.header("Sforce-Auto-Assign")).contains("FALSE");
      assertThat(write.header("Sforce-Call-Options")).contains("client=mutation-api");
      RecordedCall read = h.fake.calls(RecordedCall::isRead).get(0);
      assertThat(read.header("Sforce-Call-Options")).contains("client=mutation-api");
    }
  }

  @Test
  void autoAssignAndClientName_whenSet_areSent() {
    try (Harness h = Harness.start(b -> b.autoAssign(true).clientName("billing-sync"))) {
      h.apply(createContact(Map.of("LastName", "Atreides")));

      RecordedCall write = h.fake.calls(RecordedCall::isWrite).get(0);
      assertThat(write.header("Sforce-Auto-Assign")).contains("TRUE");
      assertThat(write.header("Sforce-Call-Options")).contains("client=billing-sync");
    }
  }

  @Test
  void update_nullClearsAFieldAndAbsentKeysAreLeftAlone() {
    try (Harness h = Harness.start()) {
      String id =
          h.fake.seed(
              "Contact",
              Map.of("FirstName", "Paul", "LastName", "Atreides", "Description", "Heir"));
      Map<String, Object> change = new HashMap<>();
      change.put("Description", null);
      change.put("Title", "Duke");

      Record record =
          h.apply(MutationRequest.update(SYNC, CONTACT).record(id, change).build()).get(0);

      assertThat(record.data())
          .containsEntry("FirstName", "Paul")
          .containsEntry("LastName", "Atreides")
          .containsEntry("Title", "Duke")
          .containsEntry("Description", null);
      assertThat(h.fake.record(id).orElseThrow()).containsEntry("Description", null);
      assertThat(h.fake.calls(RecordedCall::isWrite).get(0).body())
          .contains("\"Description\":null")
          .doesNotContain("FirstName");
    }
  }

  @Test
  void delete_returnsTheStateReadJustBefore() {
    try (Harness h = Harness.start()) {
      String id = h.fake.seed("Contact", Map.of("LastName", "Harkonnen"));

      Record record = h.apply(MutationRequest.delete(SYNC, CONTACT).upstreamIds(id).build()).get(0);

      assertThat(record.deleted()).isTrue();
      assertThat(record.upstreamId()).isEqualTo(id);
      assertThat(record.data()).containsEntry("LastName", "Harkonnen");
      assertThat(h.fake.record(id).orElseThrow()).containsEntry("IsDeleted", true);
    }
  }

  @Test
  void delete_withoutReadBefore_hasEmptyDataAndMakesOneCall() {
    try (Harness h = Harness.start(b -> b.readBeforeDelete(false))) {
      String id = h.fake.seed("Contact", Map.of("LastName", "Harkonnen"));

      Record record = h.apply(MutationRequest.delete(SYNC, CONTACT).upstreamIds(id).build()).get(0);

      assertThat(record.deleted()).isTrue();
      assertThat(record.data()).isEmpty();
      assertThat(describe(h.fake.calls(RecordedCall::isDataCall)))
          .containsExactly("DELETE /services/data/v62.0/composite/sobjects");
    }
  }

  @Test
  void describe_concurrentWritesOfOneSObject_shareOneDescribeCall() {
    try (Harness h = Harness.start()) {
      List<CompletableFuture<List<Record>>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        calls.add(
            h.upstream
                .apply(
                    createContact(Map.of("LastName", "L" + i)),
                    Harness.context(java.time.Duration.ofSeconds(30)))
                .toCompletableFuture());
      }
      calls.forEach(Harness::join);

      assertThat(h.fake.calls(c -> c.path().endsWith("/describe"))).hasSize(1);
    }
  }

  @Test
  void updatedIdx_twoUpdatesInTheSameSystemModstampSecond_strictlyIncrease() {
    // The fake's clock stands still, so both updates get the very same SystemModstamp.
    Clock still = Clock.fixed(Instant.parse("2026-03-01T10:00:00.400Z"), ZoneOffset.UTC);
    try (Harness h = Harness.start(FakeSalesforce.builder().clock(still).start(), b -> b, s -> s)) {
      String id = h.fake.seed("Contact", Map.of("LastName", "Atreides"));

      Record first =
          h.apply(MutationRequest.update(SYNC, CONTACT).record(id, Map.of("Title", "Heir")).build())
              .get(0);
      Record second =
          h.apply(MutationRequest.update(SYNC, CONTACT).record(id, Map.of("Title", "Duke")).build())
              .get(0);

      assertThat(second.data().get("SystemModstamp")).isEqualTo(first.data().get("SystemModstamp"));
      assertThat(second.upstreamUpdatedAt()).isEqualTo(first.upstreamUpdatedAt());
      assertThat(second.updatedIdx().getAsLong()).isGreaterThan(first.updatedIdx().getAsLong());
    }
  }

  @Test
  void externalIdCreate_sentTwice_upsertsOneRecord() {
    try (Harness h = Harness.start(b -> b.externalIdField(CONTACT, "External_Id__c"))) {
      MutationRequest create =
          createContact(Map.of("External_Id__c", "order-42", "LastName", "Atreides"));

      Record first = h.apply(create).get(0);
      Record again = h.apply(create).get(0);

      assertThat(again.upstreamId()).isEqualTo(first.upstreamId());
      assertThat(h.fake.records("Contact")).hasSize(1);
      assertThat(describe(h.fake.calls(RecordedCall::isWrite)))
          .containsOnly("PATCH /services/data/v62.0/composite/sobjects/Contact/External_Id__c");
    }
  }

  @Test
  void externalIdCreate_timedOutWithTheWriteCommitted_isSentAgainAndStaysOneRecord() {
    try (Harness h =
        Harness.start(
            b ->
                b.externalIdField(CONTACT, "External_Id__c")
                    .callTimeout(java.time.Duration.ofSeconds(2)))) {
      h.apply(createContact(Map.of("LastName", "Warm-up"))); // token and describe
      h.fake.failNext(1, RecordedCall::isWrite, Fault.latency(java.time.Duration.ofSeconds(4)));

      Record record =
          h.apply(createContact(Map.of("External_Id__c", "order-7", "LastName", "Atreides")))
              .get(0);

      assertThat(record.data()).containsEntry("External_Id__c", "order-7");
      assertThat(h.fake.calls(c -> c.isWrite() && c.path().endsWith("/External_Id__c"))).hasSize(2);
      assertThat(h.fake.records("Contact")).hasSize(2); // the warm-up and order-7, once
    }
  }

  @Test
  void externalIdCreate_withoutTheField_isAPlainCreate() {
    try (Harness h = Harness.start(b -> b.externalIdField(CONTACT, "External_Id__c"))) {
      h.apply(createContact(Map.of("LastName", "Atreides")));

      assertThat(describe(h.fake.calls(RecordedCall::isWrite)))
          .containsExactly("POST /services/data/v62.0/composite/sobjects");
    }
  }

  @Test
  void apiUsage_isTheLastAnswersSforceLimitInfo() {
    try (Harness h = Harness.start()) {
      h.fake.setApiUsage(500, 1000);

      h.apply(createContact(Map.of("LastName", "Atreides")));

      ApiUsage usage = h.upstream.apiUsage().orElseThrow();
      assertThat(usage.max()).isEqualTo(1000);
      assertThat(usage.used()).isBetween(501L, 510L);
    }
  }

  @Test
  void throttle_aboveTheShare_answers429BeforeCalling() {
    try (Harness h = Harness.start(b -> b.throttleAbove(0.9))) {
      h.fake.setApiUsage(950, 1000);
      h.apply(createContact(Map.of("LastName", "First")));
      long callsBefore = h.fake.dataRequests();

      UpstreamException refused = h.applyFailure(createContact(Map.of("LastName", "Second")));

      assertThat(refused.kind()).isEqualTo(UpstreamException.Kind.RATE_LIMITED);
      assertThat(refused.retryAfter()).isPresent();
      assertThat(refused.getMessage()).contains("of 1000 daily calls");
      assertThat(h.fake.dataRequests()).isEqualTo(callsBefore);
    }
  }

  @Test
  void retries_doNotStartPastTheRequestsDeadline() {
    try (Harness h = Harness.start()) {
      String id = h.fake.seed("Contact", Map.of("LastName", "Atreides"));
      h.apply(MutationRequest.update(SYNC, CONTACT).record(id, Map.of("Title", "a")).build());
      h.fake.failNext(10, RecordedCall::isWrite, Fault.serverTooBusy());

      UpstreamException e =
          Harness.failure(
              h.upstream.apply(
                  MutationRequest.update(SYNC, CONTACT).record(id, Map.of("Title", "b")).build(),
                  Harness.context(java.time.Duration.ofMillis(30))));

      assertThat(e.getMessage())
          .isEqualTo("Salesforce API error (HTTP 503): SERVER_UNAVAILABLE Server too busy");
      assertThat(h.fake.calls(RecordedCall::isWrite)).hasSize(2); // the first update, one try
    }
  }

  @Test
  void unmappedCollection_failsNamingTheMapping() {
    try (Harness h = Harness.start()) {
      UpstreamException e =
          h.applyFailure(
              MutationRequest.create(SYNC, "hubspot:contact")
                  .record(Map.of("LastName", "x"))
                  .build());
      assertThat(e.kind()).isEqualTo(UpstreamException.Kind.FAILED);
      assertThat(e.getMessage()).contains("SalesforceUpstream.Builder#collection");
    }
  }

  static List<String> describe(List<RecordedCall> calls) {
    List<String> out = new ArrayList<>();
    for (RecordedCall c : calls) {
      out.add(c.method() + " " + c.path());
    }
    return out;
  }
}
