package com.example.mutations;

import io.mutationapi.Record;
import io.mutationapi.client.MutationClient;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a custom {@link Consumer}: a tiny search index that keeps each contact's name, skips stale
 * versions, and drops deleted contacts. Requests can await it like any other consumer.
 */
public final class CustomConsumerExample {
  private CustomConsumerExample() {}

  /** A consumer that indexes contacts by name. */
  static final class NameIndex implements Consumer {
    private final Map<String, Record> byId = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Void> process(List<ChangeEvent> batch) {
      for (ChangeEvent event : batch) {
        Record record = event.record();
        // Delivery is at least once: keep a version only if it is newer than the one we have.
        byId.merge(
            record.upstreamId(),
            record,
            (old, now) -> now.updatedIdx().orElse(0) >= old.updatedIdx().orElse(0) ? now : old);
        if (record.deleted()) {
          byId.remove(record.upstreamId());
        }
      }
      return CompletableFuture.completedFuture(null); // applied: awaits on it may complete
    }

    List<String> names() {
      return byId.values().stream()
          .map(r -> r.data().get("FirstName") + " " + r.data().get("LastName"))
          .sorted()
          .toList();
    }
  }

  /** Starts a server with the index as consumer {@code name-index} and writes through it. */
  public static void main(String[] args) {
    NameIndex index = new NameIndex();
    try (MutationServer server =
        MutationServer.builder()
            .sync("crm", InMemoryUpstream.create(), "salesforce:contact")
            .consumer("name-index", index, "salesforce:contact")
            .bearerToken("example-token", Principal.of("example", "crm"))
            .build()) {
      MutationHttpServer http = MutationHttpServer.listenOnLoopback(server, 0);
      try (MutationClient client =
          MutationClient.builder()
              .baseUrl("http://127.0.0.1:" + http.port())
              .apiToken("example-token")
              .build()) {
        client
            .mutations()
            .create("crm", "salesforce:contact")
            .record(Map.of("FirstName", "Alia", "LastName", "Atreides"))
            .record(Map.of("FirstName", "Irulan", "LastName", "Corrino"))
            .awaitConsumers("name-index")
            .execute();
        // The await returned, so the index already has both.
        System.out.println("indexed " + index.names());
      }
    }
  }
}
