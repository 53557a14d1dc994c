package com.example.mutations;

import io.mutationapi.ConsistencyToken;
import io.mutationapi.MutationResult;
import io.mutationapi.client.MutationClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Writes without waiting, then waits only where it reads: two creates answer at once, each with a
 * consistency token; the tokens merge into one for the session, and the read that needs both writes
 * waits for {@code local-db} to have processed them, blocking and then asynchronously.
 */
public final class WaitWhereYouReadExample {
  private WaitWhereYouReadExample() {}

  /**
   * Creates two contacts without await, then waits for both on {@code local-db}. Arguments: [url
   * token].
   */
  public static void main(String[] args) {
    try (MutationClient client = Clients.fromArgsOrEnv(args)) {
      MutationResult alia =
          client
              .mutations()
              .create("my-sync-id", "salesforce:contact")
              .record(Map.of("FirstName", "Alia", "LastName", "Atreides"))
              .execute();
      MutationResult ghanima =
          client
              .mutations()
              .create("my-sync-id", "salesforce:contact")
              .record(Map.of("FirstName", "Ghanima", "LastName", "Atreides"))
              .execute();
      // Everything this session wrote: the highest position per partition, merged without the
      // server. Keep session.value() (a short string) in a cookie or session store.
      ConsistencyToken session =
          ConsistencyToken.merge(
              alia.consistencyToken().orElseThrow(), ghanima.consistencyToken().orElseThrow());
      System.out.println("wrote 2 contacts without waiting; session token " + session.value());

      // Blocking: returns once local-db has processed both (or throws ConsumersTimeoutException).
      client.consumers().await(session, List.of("local-db"), Duration.ofSeconds(5));
      System.out.println(
          "blocking: local-db has "
              + alia.record().upstreamId()
              + " and "
              + ghanima.record().upstreamId());

      // Async: no thread waits; already reached, so it completes at once.
      client.consumers().awaitAsync(session, List.of("local-db"), Duration.ofSeconds(5)).join();
      System.out.println("async: local-db has both");
    }
  }
}
