package com.example.mutations;

import io.mutationapi.MutationResult;
import io.mutationapi.Record;
import io.mutationapi.client.ConsumersTimeoutException;
import io.mutationapi.client.MutationClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Handles an await timeout correctly.
 *
 * <p>A {@link ConsumersTimeoutException} means the mutation WAS applied upstream and published;
 * only the named consumers had not caught up in time. Do not retry a create blindly, or it is
 * created twice: use the records the exception carries, and if you must send again, send the same
 * idempotency key so the server answers from its record of the first attempt.
 */
public final class ConsumersTimeoutExample {
  private ConsumersTimeoutExample() {}

  /** Creates a contact awaiting the slow consumer with a short timeout. Arguments: [url token]. */
  public static void main(String[] args) {
    try (MutationClient client = Clients.fromArgsOrEnv(args)) {
      String key = UUID.randomUUID().toString(); // one key per logical create
      try {
        MutationResult result =
            client
                .mutations()
                .create("my-sync-id", "salesforce:contact")
                .record(Map.of("FirstName", "Thufir", "LastName", "Hawat"))
                .awaitConsumers(List.of("slow-mirror"), Duration.ofMillis(300))
                .idempotencyKey(key)
                .execute();
        System.out.println("slow-mirror caught up: " + result.record().upstreamId());
      } catch (ConsumersTimeoutException e) {
        Record created = e.records().get(0);
        System.out.println("applied, but still pending: " + e.pendingConsumerIds());
        System.out.println("created " + created.upstreamId() + "; not retrying the create");

        // Sending again with the same key creates nothing new: the server replays its answer.
        try {
          client
              .mutations()
              .create("my-sync-id", "salesforce:contact")
              .record(Map.of("FirstName", "Thufir", "LastName", "Hawat"))
              .awaitConsumers(List.of("slow-mirror"), Duration.ofMillis(300))
              .idempotencyKey(key)
              .execute();
        } catch (ConsumersTimeoutException replay) {
          System.out.println(
              "same key again answers for the same record: "
                  + replay.records().get(0).upstreamId().equals(created.upstreamId()));
        }
      }
    }
  }
}
