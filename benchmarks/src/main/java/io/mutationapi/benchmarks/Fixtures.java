package io.mutationapi.benchmarks;

import io.mutationapi.MutationRequest;
import io.mutationapi.MutationResult;
import io.mutationapi.PartialRecord;
import io.mutationapi.Record;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.Upstream;
import io.mutationapi.server.spi.UpstreamContext;
import io.mutationapi.server.spi.UpstreamException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/** The requests, bodies and servers every benchmark shares, so all measure the same work. */
final class Fixtures {
  /** The context of an upstream call made directly, outside a server: no deadline. */
  static final UpstreamContext CONTEXT =
      new UpstreamContext(Instant.MAX, Optional.empty(), Principal.ANONYMOUS);

  static final String SYNC = "bench-sync";
  static final String COLLECTION = "salesforce:contact";
  static final String CONSUMER = "local-db";
  static final String TOKEN = "bench-token-0123456789abcdef";
  static final Principal PRINCIPAL = Principal.of("bench", SYNC);

  private Fixtures() {}

  /** The data of record {@code i}: a contact as a host would create one. */
  static Map<String, Object> contact(int i) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("FirstName", "Paul");
    data.put("LastName", "Atreides " + i);
    data.put("Email", "paul" + i + "@arrakis.org");
    data.put("Phone", "+1 555 0100 " + i);
    data.put("Title", "Duke");
    return data;
  }

  /** A create of {@code n} records, optionally awaiting the consumer. */
  static MutationRequest.Create create(int n, boolean await) {
    MutationRequest.CreateBuilder b = MutationRequest.create(SYNC, COLLECTION);
    for (int i = 0; i < n; i++) {
      b.record(contact(i));
    }
    if (await) {
      b.awaitConsumers(List.of(CONSUMER), Duration.ofSeconds(30));
    }
    return b.build();
  }

  /** The wire body of a create of {@code n} records, as a client sends it. */
  static byte[] createBody(int n, boolean await) {
    StringBuilder sb = new StringBuilder();
    sb.append("{\"kind\":\"create\",\"sync_id\":\"")
        .append(SYNC)
        .append("\",\"collection_id\":\"")
        .append(COLLECTION)
        .append("\",\"records\":[");
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append("{\"data\":{\"FirstName\":\"Paul\",\"LastName\":\"Atreides ")
          .append(i)
          .append("\",\"Email\":\"paul")
          .append(i)
          .append("@arrakis.org\",\"Phone\":\"+1 555 0100 ")
          .append(i)
          .append("\",\"Title\":\"Duke\"}}");
    }
    sb.append(']');
    if (await) {
      sb.append(",\"await_consumer_ids\":[\"")
          .append(CONSUMER)
          .append("\"],\"await_consumers_timeout\":30000");
    }
    return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The result the server answers for a create of {@code n} records. */
  static MutationResult result(int n) {
    List<Record> records =
        InMemoryUpstream.create().apply(create(n, false), CONTEXT).toCompletableFuture().join();
    return new MutationResult(records);
  }

  /**
   * An upstream that does what the in-memory upstream does to a create (a Salesforce-shaped id,
   * timestamps, an {@code updated_idx}) and keeps nothing: what the server costs when the records
   * live elsewhere, as they do with a real upstream. The in-memory upstream keeps every record it
   * creates, and over a throughput run the collector's copying of millions of them would be charged
   * to the server. Creates only; non-blocking.
   */
  static final class StatelessUpstream implements Upstream {
    private final AtomicLong counter = new AtomicLong();

    @Override
    public CompletionStage<List<Record>> apply(MutationRequest batch, UpstreamContext context) {
      if (!(batch instanceof MutationRequest.Create create)) {
        return CompletableFuture.failedFuture(
            UpstreamException.validation("StatelessUpstream only creates"));
      }
      Instant now = Instant.now();
      List<Record> records = new ArrayList<>(create.records().size());
      for (PartialRecord record : create.records()) {
        long n = counter.incrementAndGet();
        String digits = Long.toString(n, 36);
        records.add(
            Record.builder()
                .syncId(create.syncId())
                .collectionId(create.collectionId())
                .upstreamId("003" + "0".repeat(Math.max(0, 15 - digits.length())) + digits)
                .upstreamCreatedAt(now)
                .upstreamUpdatedAt(now)
                .updatedIdx(n)
                .data(record.data())
                .build());
      }
      return CompletableFuture.completedFuture(records);
    }

    @Override
    public boolean isNonBlocking() {
      return true;
    }
  }

  /** A server like {@link #server} whose upstream is a {@link StatelessUpstream}. */
  static MutationServer statelessServer() {
    return MutationServer.builder()
        .sync(SYNC, new StatelessUpstream(), COLLECTION)
        .bearerToken(TOKEN, PRINCIPAL)
        .build();
  }

  /**
   * A server with the in-memory defaults: one sync, {@code consumer} of its collection, a bearer
   * token; {@code configure} may change the builder before it is built.
   */
  static MutationServer server(
      io.mutationapi.server.spi.Consumer consumer,
      java.util.function.Consumer<MutationServer.Builder> configure) {
    MutationServer.Builder b =
        MutationServer.builder()
            .sync(SYNC, InMemoryUpstream.create(), COLLECTION)
            .bearerToken(TOKEN, PRINCIPAL);
    if (consumer != null) {
      b.consumer(CONSUMER, consumer, COLLECTION);
    }
    configure.accept(b);
    return b.build();
  }
}
