package com.example.mutations;

import io.mutationapi.MutationResult;
import io.mutationapi.client.MutationClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Waits until a downstream consumer has processed the write: blocking, then asynchronously.
 *
 * <p>When {@code execute()} returns, {@code local-db} has committed the new contact, so a page
 * rendered from the local database shows it.
 */
public final class AwaitConsumersExample {
  private AwaitConsumersExample() {}

  /** Creates two contacts awaiting {@code local-db}. Arguments: [url token]. */
  public static void main(String[] args) {
    try (MutationClient client = Clients.fromArgsOrEnv(args)) {
      // Blocking: returns once local-db has processed the change (or throws on timeout).
      MutationResult result =
          client
              .mutations()
              .create("my-sync-id", "salesforce:contact")
              .record(Map.of("FirstName", "Leto", "LastName", "Atreides"))
              .awaitConsumers(List.of("local-db"), Duration.ofSeconds(5))
              .execute();
      System.out.println("blocking: local-db has " + result.record().upstreamId());

      // Async: no thread waits; the future completes when local-db has processed the change.
      CompletableFuture<MutationResult> pending =
          client
              .mutations()
              .create("my-sync-id", "salesforce:contact")
              .record(Map.of("FirstName", "Jessica", "LastName", "Atreides"))
              .awaitConsumers("local-db")
              .executeAsync();
      String id = pending.thenApply(r -> r.record().upstreamId()).join();
      System.out.println("async: local-db has " + id);
    }
  }
}
