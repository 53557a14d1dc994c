package io.mutationapi.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.MutationRequest;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.testing.RecordingConsumer;
import io.mutationapi.testing.salesforce.FakeSalesforce;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's "Write to Salesforce" code as written, with the fake's URL and credentials for the
 * environment's and a recording consumer for the table.
 */
class WriteToSalesforceReadmeTest {

  @Test
  void readmeCode_buildsAndWritesAContact() throws Exception {
    try (FakeSalesforce fake = FakeSalesforce.start()) {
      Map<String, String> env =
          Map.of(
              "SALESFORCE_CLIENT_ID", fake.clientId(),
              "SALESFORCE_CLIENT_SECRET", fake.clientSecret(),
              "MUTATION_API_TOKEN", "token");
      RecordingConsumer contacts = new RecordingConsumer();

      // --- as in README.md ---
      SalesforceUpstream salesforce =
          SalesforceUpstream.builder()
              .loginUrl(fake.url()) // default https://login.salesforce.com
              .clientCredentials(
                  env.get("SALESFORCE_CLIENT_ID"), env.get("SALESFORCE_CLIENT_SECRET"))
              .collection(
                  "salesforce:invoice", "Invoice__c") // salesforce:contact -> Contact needs none
              .externalIdField(
                  "salesforce:contact", "External_Id__c") // optional: creates become upserts
              .build();

      MutationServer server =
          MutationServer.builder()
              .sync("salesforce", salesforce, "salesforce:contact", "salesforce:invoice")
              .consumer("local-db", contacts, "salesforce:contact")
              .bearerToken(env.get("MUTATION_API_TOKEN"), Principal.allSyncs("my-app"))
              .build();
      // --- end ---

      try (server) {
        MutationOutcome outcome =
            server
                .service()
                .run(
                    MutationRequest.create("salesforce", "salesforce:contact")
                        .record(Map.of("LastName", "Atreides", "External_Id__c", "c-1"))
                        .awaitConsumers("local-db")
                        .build(),
                    Principal.allSyncs("my-app"))
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);

        assertThat(outcome).isInstanceOf(MutationOutcome.Success.class);
        assertThat(contacts.records()).hasSize(1);
        assertThat(fake.records("Contact")).hasSize(1);
      }
    }
  }
}
