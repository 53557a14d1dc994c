package io.mutationapi.salesforce;

import static io.mutationapi.salesforce.Harness.CONSUMER;
import static io.mutationapi.salesforce.Harness.CONTACT;
import static io.mutationapi.salesforce.Harness.SYNC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.WireJson;
import io.mutationapi.server.http.HandlerRequest;
import io.mutationapi.server.http.HandlerResponse;
import io.mutationapi.server.http.MutationHttpHandler;
import io.mutationapi.testing.salesforce.FakeSalesforce;
import io.mutationapi.testing.salesforce.Fault;
import io.mutationapi.testing.salesforce.RecordedCall;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * A write Salesforce applied whose read-back fails is still reported applied, with the records as
 * written, and published: answering 502 would invite a retry that duplicates a create, and leave
 * the stream behind Salesforce.
 */
class ReadBackFailureTest {
  /** The Collections read-back ({@code GET /composite/sobjects/Contact}), not describe. */
  private static final Predicate<RecordedCall> READ_BACK =
      c -> c.isRead() && c.path().contains("/composite/sobjects/");

  /** More faults than any read-back retries: the read fails for the rest of the test. */
  private static final int PERSISTENTLY = 1_000;

  @Test
  void create_whenTheReadBackFailsPersistently_answers200WithTheWrittenFieldsAndPublishes() {
    try (Harness h = Harness.start()) {
      h.fake.failNext(PERSISTENTLY, READ_BACK, Fault.serverTooBusy());

      List<Record> records =
          h.succeed(
              MutationRequest.create(SYNC, CONTACT)
                  .record(ordered("LastName", "Atreides", "Email", "paul@example.com"))
                  .record(Map.of("LastName", "Harkonnen"))
                  .awaitConsumers(CONSUMER)
                  .build());

      assertThat(h.fake.records("Contact"))
          .extracting(stored -> stored.get("Id"))
          .containsExactlyElementsOf(records.stream().map(Record::upstreamId).toList());
      assertThat(records.get(0).data())
          .containsExactlyEntriesOf(
              ordered(
                  "Id",
                  records.get(0).upstreamId(),
                  "LastName",
                  "Atreides",
                  "Email",
                  "paul@example.com"));
      assertThat(records.get(1).data())
          .containsExactlyEntriesOf(
              ordered("Id", records.get(1).upstreamId(), "LastName", "Harkonnen"));
      for (Record r : records) {
        assertThat(r.upstreamCreatedAt()).contains(r.upstreamUpdatedAt());
        assertThat(r.updatedIdx()).isPresent();
        assertThat(r.deleted()).isFalse();
      }
      assertThat(new HashSet<>(h.consumer.records())).isEqualTo(new HashSet<>(records));
      assertThat(h.fake.calls(RecordedCall::isWrite)).hasSize(1);
      assertThat(h.fake.calls(READ_BACK)).hasSize(1 + Calls.ERROR_RETRIES);
    }
  }

  @Test
  void update_whenTheReadBackFailsPersistently_answers200WithTheWrittenKeysAndIdAndPublishes() {
    try (Harness h = Harness.start()) {
      String id = h.fake.seed("Contact", Map.of("LastName", "Atreides", "Title", "Heir"));
      h.fake.failNext(PERSISTENTLY, READ_BACK, Fault.badGatewayHtml());
      Map<String, Object> written = ordered("Title", "Duke", "Email", null);

      Record record =
          h.succeed(
                  MutationRequest.update(SYNC, CONTACT)
                      .record(id, written)
                      .awaitConsumers(CONSUMER)
                      .build())
              .get(0);

      assertThat(record.upstreamId()).isEqualTo(id);
      assertThat(record.data())
          .containsExactlyEntriesOf(ordered("Id", id, "Title", "Duke", "Email", null));
      assertThat(record.upstreamCreatedAt()).isEmpty();
      assertThat(h.fake.record(id).orElseThrow()).containsEntry("Title", "Duke");
      assertThat(h.consumer.records()).containsExactly(record);
    }
  }

  @Test
  void updatedIdx_keepsIncreasing_acrossAReadBackThatFailed() {
    try (Harness h = Harness.start()) {
      String id = h.fake.seed("Contact", Map.of("LastName", "Atreides"));
      List<Long> indexes = new ArrayList<>();

      indexes.add(update(h, id, "One").updatedIdx().orElseThrow());
      h.fake.failNext(PERSISTENTLY, READ_BACK, Fault.serverTooBusy());
      indexes.add(update(h, id, "Two").updatedIdx().orElseThrow());
      h.fake.clearFaults();
      indexes.add(update(h, id, "Three").updatedIdx().orElseThrow());

      assertThat(indexes).isSorted().doesNotHaveDuplicates();
    }
  }

  @Test
  void create_whenTheReadBackFails_aRetryWithTheSameIdempotencyKeyCreatesNoSecondRecord() {
    try (Harness h = Harness.start()) {
      h.fake.failNext(PERSISTENTLY, READ_BACK, Fault.serverTooBusy());
      String body =
          "{\"kind\":\"create\",\"sync_id\":\"salesforce\",\"collection_id\":\"salesforce:contact\","
              + "\"records\":[{\"data\":{\"LastName\":\"Once\"}}],"
              + "\"await_consumer_ids\":[\"local\"]}";

      HandlerResponse first = post(h, body, "create-once-1");
      HandlerResponse retry = post(h, body, "create-once-1");

      assertThat(first.status()).isEqualTo(200);
      assertThat(retry.status()).isEqualTo(200);
      assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
      Record record = WireJson.readResult(first.body()).records().get(0);
      assertThat(WireJson.readResult(retry.body()).records()).containsExactly(record);
      assertThat(record.data()).containsEntry("LastName", "Once");
      assertThat(h.fake.records("Contact"))
          .extracting(stored -> stored.get("Id"))
          .containsExactly(record.upstreamId());
      assertThat(h.fake.calls(RecordedCall::isWrite)).hasSize(1);
      assertThat(h.consumer.records()).containsExactly(record);
    }
  }

  @Test
  void create_whenARecordIsDeletedBeforeTheReadBack_reportsItAsWrittenAndTheOtherAsRead() {
    FakeSalesforce fake = FakeSalesforce.start();
    OkHttpClient other = new OkHttpClient();
    try (Harness h =
        Harness.start(
            fake,
            b ->
                b.okHttpClient(
                    other
                        .newBuilder()
                        .addInterceptor(deleteSecondBeforeFirstRead(fake, other))
                        .build()),
            s -> s)) {
      List<Record> records =
          h.succeed(
              MutationRequest.create(SYNC, CONTACT)
                  .record(Map.of("LastName", "Kept"))
                  .record(Map.of("LastName", "Gone"))
                  .awaitConsumers(CONSUMER)
                  .build());

      assertThat(h.fake.records("Contact"))
          .extracting(stored -> stored.get("Id"))
          .containsExactly(records.get(0).upstreamId());
      assertThat(records.get(0).data()).containsEntry("LastName", "Kept").containsKey("OwnerId");
      assertThat(records.get(1).data())
          .containsExactlyEntriesOf(ordered("Id", records.get(1).upstreamId(), "LastName", "Gone"));
      assertThat(records).noneMatch(Record::deleted);
      assertThat(new HashSet<>(h.consumer.records())).isEqualTo(new HashSet<>(records));
    } finally {
      other.dispatcher().executorService().shutdown();
      other.connectionPool().evictAll();
    }
  }

  @Test
  void upsert_whenTheReadBackFails_isCreatedOnceAndThenReportedAsUpdated() {
    try (Harness h = Harness.start(b -> b.externalIdField(CONTACT, "External_Id__c"))) {
      h.fake.failNext(PERSISTENTLY, READ_BACK, Fault.serverTooBusy());
      MutationRequest upsert =
          MutationRequest.create(SYNC, CONTACT)
              .record(Map.of("LastName", "Atreides", "External_Id__c", "paul"))
              .build();

      Record first = h.apply(upsert).get(0);
      Record again = h.apply(upsert).get(0);

      assertThat(again.upstreamId()).isEqualTo(first.upstreamId());
      assertThat(first.upstreamCreatedAt()).isPresent();
      assertThat(again.upstreamCreatedAt()).isEmpty();
      assertThat(again.updatedIdx().orElseThrow()).isGreaterThan(first.updatedIdx().orElseThrow());
      assertThat(h.fake.records("Contact")).hasSize(1);
    }
  }

  private static Record update(Harness h, String id, String title) {
    return h.succeed(
            MutationRequest.update(SYNC, CONTACT).record(id, Map.of("Title", title)).build())
        .get(0);
  }

  private static HandlerResponse post(Harness h, String body, String idempotencyKey) {
    HandlerRequest request =
        new HandlerRequest(
            "POST",
            MutationHttpHandler.PATH,
            Map.of(
                "Content-Type", List.of("application/json"),
                "Idempotency-Key", List.of(idempotencyKey)),
            new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    return Harness.join(h.server.httpHandler().handle(request).toCompletableFuture());
  }

  /**
   * Deletes the second id of the first read-back through another client (as another integration
   * would), just before that read reaches the org.
   */
  private static Interceptor deleteSecondBeforeFirstRead(FakeSalesforce fake, OkHttpClient other) {
    AtomicBoolean done = new AtomicBoolean();
    return chain -> {
      Request request = chain.request();
      String ids = request.url().queryParameter("ids");
      if (request.method().equals("GET")
          && request.url().encodedPath().contains("/composite/sobjects/")
          && ids != null
          && done.compareAndSet(false, true)) {
        String second = ids.split(",")[1];
        Request delete =
            new Request.Builder()
                .url(fake.url() + "/services/data/v62.0/sobjects/Contact/" + second)
                .header("Authorization", request.header("Authorization"))
                .delete()
                .build();
        try (Response deleted = other.newCall(delete).execute()) {
          assertThat(deleted.code()).isEqualTo(204);
        }
      }
      return chain.proceed(request);
    };
  }

  /** A map of key-value pairs in order; values may be null. */
  private static Map<String, Object> ordered(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
