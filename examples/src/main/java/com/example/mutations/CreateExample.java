package com.example.mutations;

import io.mutationapi.MutationResult;
import io.mutationapi.client.MutationClient;
import java.util.Map;

/**
 * Creates a Salesforce contact through the Mutation API.
 *
 * <p>Run against the demo server ({@code java -jar mutation-api-examples.jar serve}) with {@code
 * MUTATION_API_URL} and {@code MUTATION_API_TOKEN} set, or pass the URL and token as arguments.
 */
public final class CreateExample {
  private CreateExample() {}

  /** Creates one contact and prints its new id. Arguments: [url token]. */
  public static void main(String[] args) {
    try (MutationClient client = Clients.fromArgsOrEnv(args)) {
      MutationResult result =
          client
              .mutations()
              .create("my-sync-id", "salesforce:contact")
              .record(
                  Map.of("FirstName", "Chani", "LastName", "Kynes", "Email", "chani@sietch.org"))
              .execute();

      System.out.println("created " + result.record().upstreamId());
      System.out.println("data " + result.record().data());
    }
  }
}
