package io.mutationapi.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** The README's "Call the API" example, line for line apart from the URL, compiles and works. */
class CallTheApiTest {
  @StartStop private final MockWebServer server = new MockWebServer();

  @Test
  void readmeExample_createsUpdatesAndDeletes_andCatchesAConsumersTimeout() throws Exception {
    server.enqueue(Fixtures.ok());
    server.enqueue(Fixtures.ok());
    server.enqueue(
        Fixtures.json(
            500,
            "{\"error\":\"Error: Timed out waiting for consumers: local-db\","
                + "\"code\":\"consumers_timeout\",\"pending_consumer_ids\":[\"local-db\"]}"));
    String url = server.url("/").toString();

    // ---- README "Call the API" starts here (there the URL is "https://api.example.com") ----
    try (MutationClient client =
        MutationClient.builder().baseUrl(url).apiToken("my-token").build()) {
      var created =
          client
              .mutations()
              .create("my-sync-id", "salesforce:contact")
              .record(Map.of("FirstName", "Paul", "LastName", "Atreides"))
              .awaitConsumers("local-db")
              .execute();
      String id = created.record().upstreamId();
      System.out.println("Created " + id);

      client
          .mutations()
          .update("my-sync-id", "salesforce:contact")
          .record(id, Map.of("Email", "paul@caladan.org")) // other fields are left alone
          .awaitConsumers(List.of("local-db"), Duration.ofSeconds(10))
          .execute();

      try {
        client
            .mutations()
            .delete("my-sync-id", "salesforce:contact")
            .upstreamIds(id)
            .awaitConsumers(List.of("local-db"), Duration.ofSeconds(5))
            .execute();
      } catch (ConsumersTimeoutException e) {
        // The delete WAS applied; local-db had not processed it within 5 s. Do not send it again.
        System.out.println("Deleted; not yet processed by " + e.pendingConsumerIds());
      }
    }
    // ---- README ends here ----

    assertThat(server.takeRequest().getBody().utf8())
        .contains("\"await_consumer_ids\":[\"local-db\"]");
    assertThat(server.takeRequest().getBody().utf8())
        .contains("\"kind\":\"update\"")
        .contains("\"Email\":\"paul@caladan.org\"")
        .contains("\"await_consumers_timeout\"");
    assertThat(server.takeRequest().getBody().utf8()).contains("\"kind\":\"delete\"");
    assertThat(server.getRequestCount()).as("the consumers timeout is not retried").isEqualTo(3);
  }

  @Test
  void readmeRetrySafely_sendsTheSameKeyAgain() throws Exception {
    server.enqueue(
        new mockwebserver3.MockResponse.Builder(Fixtures.ok())
            .headersDelay(2, java.util.concurrent.TimeUnit.SECONDS)
            .build());
    server.enqueue(Fixtures.ok());
    Map<String, Object> contact = Map.of("FirstName", "Paul");
    try (MutationClient client =
        Fixtures.clientFor(server).maxRetries(0).readTimeout(Duration.ofMillis(300)).build()) {
      // ---- README "Was it applied? Retrying safely" starts here ----
      try {
        client.mutations().create("my-sync-id", "salesforce:contact").record(contact).execute();
      } catch (MutationIoException e) {
        if (e.isOutcomeUnknown()) {
          client
              .mutations()
              .create("my-sync-id", "salesforce:contact")
              .record(contact)
              .idempotencyKey(e.idempotencyKey()) // the same key: applied at most once
              .execute();
        }
      }
      // ---- README ends here ----
    }

    String first = server.takeRequest().getHeaders().get("Idempotency-Key");
    String second = server.takeRequest().getHeaders().get("Idempotency-Key");
    assertThat(second).isEqualTo(first);
  }
}
