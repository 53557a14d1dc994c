package io.mutationapi.salesforce;

import static io.mutationapi.salesforce.Harness.CONTACT;
import static io.mutationapi.salesforce.Harness.SYNC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.testing.salesforce.FakeSalesforce;
import io.mutationapi.testing.salesforce.Fault;
import io.mutationapi.testing.salesforce.RecordedCall;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The adapter inside a real {@code MutationServer}: batching, publishing, the deadline. */
class MutationServerTest {

  @Test
  void create450_makesThreeCollectionsCalls_andRecordsAndStreamAgree() throws Exception {
    try (Harness h = Harness.start()) {
      MutationRequest.CreateBuilder create =
          MutationRequest.create(SYNC, CONTACT).awaitConsumers(Harness.CONSUMER);
      for (int i = 0; i < 450; i++) {
        create.record(Map.of("LastName", "L" + i, "Email", "l" + i + "@example.com"));
      }

      List<Record> records = h.succeed(create.build());

      assertThat(records).hasSize(450);
      assertThat(
              h.fake.calls(
                  c -> c.method().equals("POST") && c.path().endsWith("/composite/sobjects")))
          .hasSize(3);
      assertThat(h.fake.records("Contact")).hasSize(450);
      for (int i = 0; i < 450; i++) {
        assertThat(records.get(i).data()).containsEntry("LastName", "L" + i);
      }
      Set<String> published =
          h.consumer.records().stream().map(Record::upstreamId).collect(Collectors.toSet());
      assertThat(published)
          .isEqualTo(records.stream().map(Record::upstreamId).collect(Collectors.toSet()));
      assertThat(new HashSet<>(h.consumer.records())).isEqualTo(new HashSet<>(records));
    }
  }

  @Test
  void create_slowerThanTheServersDeadline_answers504AndThenPublishesTheRecord() throws Exception {
    FakeSalesforce fake = FakeSalesforce.start();
    try (Harness h = Harness.start(fake, b -> b, s -> s.upstreamTimeout(Duration.ofMillis(800)))) {
      // Directly, outside the server's deadline: the token and the describe, so only the write is
      // slow.
      h.apply(MutationRequest.create(SYNC, CONTACT).record(Map.of("LastName", "Warm-up")).build());
      h.fake.failNext(1, RecordedCall::isWrite, Fault.latency(Duration.ofMillis(2000)));

      MutationOutcome.Failure failure =
          h.fail(MutationRequest.create(SYNC, CONTACT).record(Map.of("LastName", "Slow")).build());

      assertThat(failure.error().code()).contains(ErrorCode.UPSTREAM_TIMEOUT);
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (h.consumer.records().isEmpty() && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertThat(h.consumer.records())
          .extracting(r -> r.data().get("LastName"))
          .containsExactly("Slow");
      assertThat(h.fake.calls(RecordedCall::isWrite)).hasSize(2);
    }
  }
}
