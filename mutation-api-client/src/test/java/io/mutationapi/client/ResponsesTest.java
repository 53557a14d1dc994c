package io.mutationapi.client;

import static io.mutationapi.client.Fixtures.clientFor;
import static io.mutationapi.client.Fixtures.example;
import static io.mutationapi.client.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mutationapi.JsonNumber;
import io.mutationapi.MutationResult;
import io.mutationapi.Record;
import java.time.Instant;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Success bodies, as the hosted API publishes them and as our server extends them, parse. */
class ResponsesTest {
  @StartStop private final MockWebServer server = new MockWebServer();
  private MutationClient client;

  @BeforeEach
  void setUp() {
    client = clientFor(server).maxRetries(0).build();
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  private MutationResult deleteOne() {
    return client.mutations().delete("s", "c").upstreamIds("a").execute();
  }

  @Test
  void publishedSuccessBody_parsesIntoRecords() {
    server.enqueue(json(200, example("success-response.json")));

    Record r = deleteOne().record();
    assertThat(r.syncId()).isEqualTo("70a313f8-7c94-43d4-8d0c-5659a52de5c4");
    assertThat(r.collectionId()).isEqualTo("salesforce:task");
    assertThat(r.upstreamId()).isEqualTo("0018b000021BldZAAS");
    assertThat(r.upstreamUpdatedAt()).isEqualTo(Instant.parse("2024-11-10T18:39:00.070453Z"));
    assertThat(r.upstreamCreatedAt()).isEmpty();
    assertThat(r.updatedIdx()).isEmpty();
    assertThat(r.deleted()).isFalse();
    assertThat(r.data())
        .containsEntry("activity_date", "2023-09-12")
        .containsEntry("description", "task description");
  }

  static final class Task {
    @JsonProperty("activity_date")
    public String activityDate;

    public String description;
  }

  @Test
  void recordData_convertsToTheCallersType() {
    server.enqueue(json(200, example("success-response.json")));

    Task task = deleteOne().record().dataAs(Task.class);
    assertThat(task.activityDate).isEqualTo("2023-09-12");
    assertThat(task.description).isEqualTo("task description");
  }

  @Test
  void unknownFields_areIgnoredAndNumbersStayExact() {
    server.enqueue(
        json(
            200,
            "{\"records\":[{\"sync_id\":\"s\",\"collection_id\":\"c\",\"upstream_id\":\"1\","
                + "\"upstream_updated_at\":\"2024-11-10T18:39:00.070453Z\","
                + "\"upstream_created_at\":\"2024-11-09T10:00:00Z\",\"updated_idx\":42,"
                + "\"data\":{\"Amount\":12345678901234567890.10},\"deleted\":true,"
                + "\"future_field\":{\"x\":1}}],\"next_thing\":true}"));

    Record r = deleteOne().record();
    assertThat(r.updatedIdx()).hasValue(42);
    assertThat(r.deleted()).isTrue();
    assertThat(r.upstreamCreatedAt()).contains(Instant.parse("2024-11-09T10:00:00Z"));
    assertThat(r.data().get("Amount")).isEqualTo(JsonNumber.parse("12345678901234567890.10"));
  }

  @Test
  void successWithABodyThatIsNotAResult_saysTheMutationWasProbablyApplied() {
    server.enqueue(json(200, "<html>hello from a proxy</html>"));

    MutationIoException e = catchThrowableOfType(MutationIoException.class, this::deleteOne);
    assertThat(e.isOutcomeUnknown()).isTrue();
    assertThat(e.getMessage()).contains("HTTP 200").contains("probably applied");
  }
}
