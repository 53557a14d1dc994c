package io.mutationapi.salesforce;

import static io.mutationapi.salesforce.Harness.CONTACT;
import static io.mutationapi.salesforce.Harness.SYNC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.PartialRecord;
import io.mutationapi.Record;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.UpstreamException;
import io.mutationapi.testing.salesforce.FakeSalesforce;
import io.mutationapi.testing.salesforce.Fault;
import io.mutationapi.testing.salesforce.RecordedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * One test per row of the README's table "What each Salesforce failure becomes", in its order,
 * through a real {@code MutationServer} and a fake org on loopback.
 */
class MappingTableTest {

  private static MutationRequest createContacts(List<Map<String, ?>> records) {
    MutationRequest.CreateBuilder b = MutationRequest.create(SYNC, CONTACT);
    records.forEach(b::record);
    return b.build();
  }

  private static MutationRequest oneContact() {
    return createContacts(List.of(Map.of("LastName", "Atreides")));
  }

  private static void assertError(
      MutationOutcome.Failure failure, ErrorCode code, String messageStart) {
    assertThat(failure.error().code()).contains(code);
    assertThat(failure.status()).isEqualTo(code.httpStatus());
    assertThat(failure.error().message()).startsWith(messageStart);
  }

  @Test
  void row01_success_readsTheFullStateBackAndAnswers200() {
    try (Harness h = Harness.start()) {
      List<Record> records = h.succeed(oneContact());

      assertThat(records.get(0).data()).containsKeys("Id", "LastName", "SystemModstamp");
      RecordedCall read =
          h.fake.calls(c -> c.isRead() && c.path().endsWith("/composite/sobjects/Contact")).get(0);
      assertThat(read.queryParameter("ids")).contains(records.get(0).upstreamId());
      assertThat(read.queryParameter("fields").orElseThrow()).contains("LastName");
    }
  }

  @Test
  void row02_recordLevelDataError_is400AtTheFailingIndexNotTheRolledBackOnes() {
    try (Harness h = Harness.start()) {
      MutationOutcome.Failure failure =
          h.fail(
              createContacts(
                  List.of(
                      Map.of("LastName", "Atreides"),
                      Map.of("FirstName", "NoLastName"),
                      Map.of("LastName", "Harkonnen"))));

      assertError(
          failure,
          ErrorCode.UPSTREAM_VALIDATION_ERROR,
          "Error: records[1]: Salesforce validation error: `Required fields are missing:");
      List<MutationError.Failure> failures = failure.error().failures();
      assertThat(failures).extracting(MutationError.Failure::index).containsExactly(0, 1, 2);
      assertThat(failures.get(1).error())
          .startsWith("Error: Salesforce validation error: `Required fields are missing:");
      assertThat(failures.get(0).error()).contains("rolled the batch back");
      assertThat(failures.get(2).error()).contains("rolled the batch back");
      assertThat(h.fake.records("Contact")).isEmpty();
    }
  }

  @Test
  void row02_recordLevelDataError_singleRecord_isSalesforcesMessageVerbatim() {
    try (Harness h = Harness.start()) {
      MutationOutcome.Failure failure =
          h.fail(createContacts(List.of(Map.of("LastName", "A", "Email", "not-an-email"))));

      assertError(
          failure, ErrorCode.UPSTREAM_VALIDATION_ERROR, "Error: Salesforce validation error: `");
      assertThat(failure.error().message()).contains("not-an-email").endsWith("`");
    }
  }

  @Test
  void row02_validationRule_isTheRulesMessage() {
    try (Harness h = Harness.start()) {
      h.fake.addValidationRule(
          "Contact", r -> "Nobody".equals(r.get("LastName")), "Last name cannot be Nobody");

      MutationOutcome.Failure failure =
          h.fail(createContacts(List.of(Map.of("LastName", "Nobody"))));

      assertError(
          failure, ErrorCode.UPSTREAM_VALIDATION_ERROR, "Error: Salesforce validation error:");
      assertThat(failure.error().message())
          .isEqualTo("Error: Salesforce validation error: `Last name cannot be Nobody`");
    }
  }

  @Test
  void row03_upsertMatchingSeveralRecords_is400() {
    try (Harness h = Harness.start(b -> b.externalIdField(CONTACT, "External_Id__c"))) {
      h.fake.seed("Contact", Map.of("LastName", "One", "External_Id__c", "dup"));
      h.fake.seed("Contact", Map.of("LastName", "Two", "External_Id__c", "dup"));

      MutationOutcome.Failure failure =
          h.fail(createContacts(List.of(Map.of("LastName", "Three", "External_Id__c", "dup"))));

      assertError(
          failure, ErrorCode.UPSTREAM_VALIDATION_ERROR, "Error: Salesforce validation error: `");
      assertThat(h.fake.records("Contact")).hasSize(2);
    }
  }

  @Test
  void row04_updateOfDeletedRecord_is400NamingTheId() {
    try (Harness h = Harness.start()) {
      String id = h.fake.seed("Contact", Map.of("LastName", "Gone"));
      h.succeed(MutationRequest.delete(SYNC, CONTACT).upstreamIds(id).build());

      MutationOutcome.Failure failure =
          h.fail(MutationRequest.update(SYNC, CONTACT).record(id, Map.of("Title", "x")).build());

      assertError(
          failure, ErrorCode.UPSTREAM_VALIDATION_ERROR, "Error: Salesforce validation error: `");
      assertThat(failure.error().message()).contains(id);
    }
  }

  @Test
  void row04_deleteOfUnknownId_is400NamingTheId() {
    try (Harness h = Harness.start()) {
      String known = h.fake.seed("Contact", Map.of("LastName", "Here"));
      // The same 15-character id with its last character changed: well formed, never created.
      String unknown = known.substring(0, 14) + (known.charAt(14) == 'A' ? 'B' : 'A');

      MutationOutcome.Failure failure =
          h.fail(MutationRequest.delete(SYNC, CONTACT).upstreamIds(unknown).build());

      assertError(
          failure, ErrorCode.UPSTREAM_VALIDATION_ERROR, "Error: Salesforce validation error: `");
      assertThat(failure.error().message()).contains(unknown);
      assertThat(h.fake.record(known).orElseThrow()).containsEntry("IsDeleted", false);
    }
  }

  @Test
  void row04_malformedId_is400NamingTheId() {
    try (Harness h = Harness.start()) {
      String known = h.fake.seed("Contact", Map.of("LastName", "Here"));
      String badChecksum = known.substring(0, 15) + (known.endsWith("AAA") ? "BBB" : "AAA");

      MutationOutcome.Failure update =
          h.fail(
              MutationRequest.update(SYNC, CONTACT)
                  .record(badChecksum, Map.of("Title", "x"))
                  .build());
      MutationOutcome.Failure delete =
          h.fail(MutationRequest.delete(SYNC, CONTACT).upstreamIds(badChecksum).build());

      assertError(
          update, ErrorCode.UPSTREAM_VALIDATION_ERROR, "Error: Salesforce validation error: `");
      assertError(
          delete, ErrorCode.UPSTREAM_VALIDATION_ERROR, "Error: Salesforce validation error: `");
      assertThat(update.error().message()).contains(badChecksum);
      assertThat(delete.error().message()).contains(badChecksum);
    }
  }

  @Test
  void row05_unknownVersionPath_is502() {
    try (Harness h = Harness.start(b -> b.apiVersion("99.0"))) {
      MutationOutcome.Failure failure = h.fail(oneContact());

      assertError(failure, ErrorCode.UPSTREAM_ERROR, "Error: Salesforce request failed: NOT_FOUND");
    }
  }

  @Test
  void row06_sessionExpired_refreshesOnceAndReplays() {
    try (Harness h = Harness.start()) {
      h.succeed(oneContact());
      long tokenCalls = h.fake.tokenRequests();
      h.fake.expireTokens();

      h.succeed(oneContact());

      assertThat(h.fake.tokenRequests()).isEqualTo(tokenCalls + 1);
      assertThat(h.fake.records("Contact")).hasSize(2);
    }
  }

  @Test
  void row06_sessionRefusedAgainAfterTheRefresh_is502AndNotLooped() {
    try (Harness h = Harness.start()) {
      h.succeed(oneContact());
      long tokenCalls = h.fake.tokenRequests();
      h.fake.failNext(5, Fault.sessionExpired());

      MutationOutcome.Failure failure = h.fail(oneContact());

      assertError(failure, ErrorCode.UPSTREAM_ERROR, "Error: Salesforce authentication failed");
      assertThat(h.fake.tokenRequests()).isEqualTo(tokenCalls + 1);
      assertThat(h.fake.calls(RecordedCall::isWrite)).hasSize(3); // 1 ok + 2 refused
    }
  }

  @Test
  void row07_tokenEndpointRefusesTheClient_is502WithoutTheSecret() {
    FakeSalesforce fake = FakeSalesforce.start();
    try (Harness h =
        Harness.start(
            fake, b -> b.clientCredentials(fake.clientId(), "wrong-secret-value"), s -> s)) {
      MutationOutcome.Failure failure = h.fail(oneContact());

      assertError(failure, ErrorCode.UPSTREAM_ERROR, "Error: Salesforce authentication failed");
      assertThat(failure.error().message()).doesNotContain("wrong-secret-value");
      assertThat(h.fake.calls(RecordedCall::isDataCall)).isEmpty();
    }
  }

  @Test
  void row08_dailyRequestLimitExceeded_is429RetryAfter60s() {
    try (Harness h = Harness.start()) {
      h.fake.failNext(1, Fault.requestLimitExceeded());

      MutationOutcome.Failure failure = h.fail(oneContact());

      assertError(failure, ErrorCode.RATE_LIMITED, "Error: Salesforce API request limit exceeded");
      assertThat(failure.retryAfter()).contains(Duration.ofSeconds(60));
    }
  }

  @Test
  void row09_concurrentRequestLimitExceeded_is429RetryAfter10s() {
    try (Harness h = Harness.start()) {
      h.fake.failNext(1, Fault.concurrentRequestLimitExceeded());

      MutationOutcome.Failure failure = h.fail(oneContact());

      assertError(failure, ErrorCode.RATE_LIMITED, "Error: Salesforce API request limit exceeded");
      assertThat(failure.retryAfter()).contains(Duration.ofSeconds(10));
    }
  }

  @Test
  void row10_other403_is502WithSalesforcesCode() {
    // The fake has no switch for a disabled API; the answer is the one Salesforce documents.
    Answer disabled =
        new Answer(
            403,
            "application/json",
            null,
            ("[{\"message\":\"The REST API is not enabled for this Organization.\","
                    + "\"errorCode\":\"API_DISABLED_FOR_ORG\"}]")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8),
            java.time.Instant.now());
    UpstreamException e =
        ErrorMapping.forAnswer(
            disabled, RequestBodies.create("Contact", List.of(PartialRecord.of(Map.of()))));

    assertThat(e.kind()).isEqualTo(UpstreamException.Kind.FAILED);
    assertThat(e.getMessage())
        .isEqualTo(
            "Salesforce request failed (HTTP 403): API_DISABLED_FOR_ORG The REST API is not"
                + " enabled for this Organization.");
  }

  @Test
  void row11_rowLock_isRetriedAndTheCreateSucceeds() {
    try (Harness h = Harness.start()) {
      h.fake.failNext(1, RecordedCall::isWrite, Fault.unableToLockRow());
      h.fake.failNext(1, RecordedCall::isWrite, Fault.unableToLockRowOnFirstRecord());

      h.succeed(createContacts(List.of(Map.of("LastName", "A"), Map.of("LastName", "B"))));

      assertThat(h.fake.calls(RecordedCall::isWrite)).hasSize(3);
      assertThat(h.fake.records("Contact")).hasSize(2);
    }
  }

  @Test
  void row11_rowLockOutlastingTheRetries_is502() {
    try (Harness h = Harness.start()) {
      h.fake.failNext(10, RecordedCall::isWrite, Fault.unableToLockRowOnFirstRecord());

      MutationOutcome.Failure failure = h.fail(oneContact());

      assertError(failure, ErrorCode.UPSTREAM_ERROR, "Error: Salesforce request failed");
      assertThat(failure.error().message()).contains("UNABLE_TO_LOCK_ROW");
      assertThat(h.fake.calls(RecordedCall::isWrite)).hasSize(1 + Calls.LOCK_RETRIES);
    }
  }

  @Test
  void row12_moreThan200RecordsInOneCall_is502() {
    try (Harness h = Harness.start()) {
      List<PartialRecord> records = new ArrayList<>();
      for (int i = 0; i < 201; i++) {
        records.add(PartialRecord.of(Map.of("LastName", "L" + i)));
      }
      // The engine never sends more than maxBatchSize(); only a direct call can.
      UpstreamException e =
          h.applyFailure(new MutationRequest.Create(SYNC, CONTACT, records, Optional.empty()));

      assertThat(e.kind()).isEqualTo(UpstreamException.Kind.FAILED);
      assertThat(e.getMessage()).contains("EXCEEDED_ID_LIMIT");
    }
  }

  @Test
  void row13_retiredVersion410_is502() {
    try (Harness h = Harness.start(b -> b.apiVersion("30.0"))) {
      MutationOutcome.Failure failure = h.fail(oneContact());

      assertError(failure, ErrorCode.UPSTREAM_ERROR, "Error: Salesforce");
      assertThat(failure.error().message()).contains("410");
    }
  }

  @Test
  void row14_serverErrorsAndHtmlPages_areRetriedForUpdatesAndReads() {
    try (Harness h = Harness.start()) {
      String id = h.fake.seed("Contact", Map.of("LastName", "Atreides"));
      h.fake.failNext(1, RecordedCall::isWrite, Fault.serviceUnavailableHtml());
      h.fake.failNext(1, RecordedCall::isWrite, Fault.unknownException(true));
      h.fake.failNext(1, RecordedCall::isRead, Fault.badGatewayHtml());

      Record updated =
          h.succeed(
                  MutationRequest.update(SYNC, CONTACT).record(id, Map.of("Title", "Duke")).build())
              .get(0);

      assertThat(updated.data()).containsEntry("Title", "Duke");
      assertThat(h.fake.calls(RecordedCall::isWrite)).hasSize(3);
    }
  }

  @Test
  void row14_serverErrorOnACreate_is502AndNotResubmitted() {
    try (Harness h = Harness.start()) {
      h.fake.failNext(1, RecordedCall::isWrite, Fault.emptyServerError(true));

      MutationOutcome.Failure failure = h.fail(oneContact());

      assertError(failure, ErrorCode.UPSTREAM_ERROR, "Error: Salesforce API error (HTTP 500)");
      assertThat(h.fake.calls(RecordedCall::isWrite)).hasSize(1);
    }
  }

  @Test
  void row14_lostConnection_isRetriedForADeleteButNotForACreate() {
    try (Harness h = Harness.start()) {
      String id = h.fake.seed("Contact", Map.of("LastName", "Gone"));
      h.fake.failNext(1, RecordedCall::isWrite, Fault.dropConnection(false));
      h.fake.failNext(1, RecordedCall::isRead, Fault.serverTooBusy());

      h.succeed(MutationRequest.delete(SYNC, CONTACT).upstreamIds(id).build());
      h.fake.failNext(1, RecordedCall::isWrite, Fault.dropConnection(true));
      MutationOutcome.Failure failure = h.fail(oneContact());

      assertError(failure, ErrorCode.UPSTREAM_ERROR, "Error: Salesforce request failed");
      assertThat(failure.error().message()).contains("may have been created");
      // delete: 2 (dropped, then applied); create: 1, applied but never sent again
      assertThat(h.fake.calls(RecordedCall::isWrite)).hasSize(3);
      assertThat(h.fake.records("Contact")).hasSize(1);
    }
  }

  @Test
  void row15_createTimedOutWithTheWriteCommitted_is504AndNotResubmitted() {
    try (Harness h = Harness.start(b -> b.callTimeout(Duration.ofSeconds(2)))) {
      h.succeed(oneContact()); // the token and describe, so that only the create is slow
      h.fake.failNext(1, RecordedCall::isWrite, Fault.latency(Duration.ofSeconds(4)));

      MutationOutcome.Failure failure = h.fail(oneContact());

      assertError(failure, ErrorCode.UPSTREAM_TIMEOUT, "Error: Salesforce API timed out");
      assertThat(h.fake.calls(RecordedCall::isWrite)).hasSize(2);
      assertThat(h.fake.records("Contact")).hasSize(2);
    }
  }
}
