package io.mutationapi.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** The README's "Call the API" example, line for line apart from the URL, compiles and works. */
class CallTheApiTest {
  @StartStop private final MockWebServer server = new MockWebServer();

  @Test
  void readmeExample_createsARecordAndReadsItsId() throws Exception {
    server.enqueue(Fixtures.ok());
    String url = server.url("/").toString();

    // ---- README "Call the API" starts here (there the URL is "https://api.example.com") ----
    try (MutationClient client =
        MutationClient.builder().baseUrl(url).apiToken("my-token").build()) {
      var result =
          client
              .mutations()
              .create("my-sync-id", "salesforce:contact")
              .record(Map.of("FirstName", "Paul", "LastName", "Atreides"))
              .awaitConsumers("local-db")
              .execute();
      System.out.println("Created " + result.record().upstreamId());
    }
    // ---- README ends here ----

    assertThat(server.takeRequest().getBody().utf8())
        .contains("\"await_consumer_ids\":[\"local-db\"]");
  }
}
