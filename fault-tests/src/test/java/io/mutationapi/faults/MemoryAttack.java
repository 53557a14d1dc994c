package io.mutationapi.faults;

import io.mutationapi.MutationRequest;
import io.mutationapi.PartialRecord;
import io.mutationapi.Record;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.http.HandlerRequest;
import io.mutationapi.server.http.HandlerResponse;
import io.mutationapi.server.http.MutationHttpHandler;
import io.mutationapi.server.spi.Upstream;
import io.mutationapi.server.spi.UpstreamContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The memory attacks of {@link MemoryAttackFaultTest}, run in a JVM of its own with a small heap:
 * the server with its defaults, its HTTP handler called in-process. Prints one tally line and exits
 * 0 when every request was answered as it should be, 1 when not, 3 on {@link OutOfMemoryError}.
 */
public final class MemoryAttack {
  static final String SYNC = "s";
  static final String COLLECTION = "salesforce:contact";

  private MemoryAttack() {}

  /** Runs the attack named by {@code args[0]}: {@code values} or {@code idempotency}. */
  public static void main(String[] args) {
    int status;
    try {
      status = "values".equals(args[0]) ? values() : idempotency();
    } catch (OutOfMemoryError e) {
      System.out.println("tally: " + args[0] + " attack: OutOfMemoryError: " + e.getMessage());
      status = 3;
    }
    System.out.flush();
    System.exit(status);
  }

  /** About 8 MiB of [1,1,1,...] in one record's data, sent 10 times, then a valid request. */
  static int values() {
    MutationServer server =
        MutationServer.builder()
            .sync(SYNC, InMemoryUpstream.create(), COLLECTION)
            .insecureNoAuthentication()
            .build();
    try {
      MutationHttpHandler handler = server.httpHandler();
      String head =
          "{\"kind\":\"create\",\"sync_id\":\"s\",\"collection_id\":\""
              + COLLECTION
              + "\","
              + "\"records\":[{\"data\":{\"a\":[1";
      StringBuilder body = new StringBuilder(8_400_000).append(head);
      while (body.length() < 8 * 1024 * 1024 - 64) {
        body.append(",1");
      }
      byte[] hostile = body.append("]}}]}").toString().getBytes(StandardCharsets.UTF_8);
      int refused = 0;
      int other = 0;
      long start = System.nanoTime();
      for (int i = 0; i < 10; i++) {
        HandlerResponse response = post(handler, hostile, null);
        if (response.status() == 413) {
          refused++;
        } else {
          other++;
        }
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      int valid = post(handler, valid(1, 10), null).status();
      System.out.printf(
          "tally: values attack: %d bodies of %d bytes (%d values each): 413=%d other=%d in %d ms;"
              + " then a valid create: %d; max heap %d MB%n",
          10,
          hostile.length,
          (hostile.length - head.length()) / 2,
          refused,
          other,
          millis,
          valid,
          Runtime.getRuntime().maxMemory() >> 20);
      return refused == 10 && valid == 200 ? 0 : 1;
    } finally {
      server.close();
    }
  }

  /**
   * 40 requests with an {@code Idempotency-Key}, each answered with 1000 records of about 5 KB:
   * without a byte bound the store keeps every answer, 200 MB in all.
   */
  static int idempotency() {
    MutationServer server =
        MutationServer.builder()
            .sync(SYNC, new StatelessUpstream(), COLLECTION)
            .insecureNoAuthentication()
            .build();
    try {
      MutationHttpHandler handler = server.httpHandler();
      byte[] body = valid(1000, 5000);
      int ok = 0;
      int other = 0;
      long answerBytes = 0;
      for (int i = 0; i < 40; i++) {
        HandlerResponse response = post(handler, body, "key-" + i);
        if (response.status() == 200) {
          ok++;
          answerBytes = response.body().length;
        } else {
          other++;
        }
      }
      HandlerResponse last = post(handler, body, "key-39");
      boolean replayed = "true".equals(last.headers().get("Idempotent-Replayed"));
      System.out.printf(
          "tally: idempotency attack: %d keyed requests with answers of %d bytes: 200=%d other=%d;"
              + " the newest key replays: %s; max heap %d MB%n",
          40, answerBytes, ok, other, replayed, Runtime.getRuntime().maxMemory() >> 20);
      return ok == 40 && replayed ? 0 : 1;
    } finally {
      server.close();
    }
  }

  static HandlerResponse post(MutationHttpHandler handler, byte[] body, String key) {
    Map<String, List<String>> headers =
        key == null
            ? Map.of("Content-Type", List.of("application/json"))
            : Map.of("Content-Type", List.of("application/json"), "Idempotency-Key", List.of(key));
    return handler
        .handle(
            new HandlerRequest(
                "POST", MutationHttpHandler.PATH, headers, new ByteArrayInputStream(body)))
        .toCompletableFuture()
        .orTimeout(60, TimeUnit.SECONDS)
        .join();
  }

  /** A create of {@code n} records, each with a string of {@code chars} characters. */
  static byte[] valid(int n, int chars) {
    String blob = "x".repeat(chars);
    StringBuilder body =
        new StringBuilder("{\"kind\":\"create\",\"sync_id\":\"s\",\"collection_id\":\"")
            .append(COLLECTION)
            .append("\",\"records\":[");
    for (int i = 0; i < n; i++) {
      body.append(i == 0 ? "" : ",").append("{\"data\":{\"Note\":\"").append(blob).append("\"}}");
    }
    return body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Creates records and keeps none, so only the server's own memory is measured. */
  static final class StatelessUpstream implements Upstream {
    private long next;

    @Override
    public synchronized CompletionStage<List<Record>> apply(
        MutationRequest batch, UpstreamContext context) {
      List<PartialRecord> records = ((MutationRequest.Create) batch).records();
      List<Record> created = new ArrayList<>(records.size());
      Instant now = Instant.now();
      for (PartialRecord r : records) {
        created.add(
            new Record(
                batch.syncId(),
                batch.collectionId(),
                "003" + next,
                now,
                Optional.of(now),
                OptionalLong.of(++next),
                r.data(),
                false,
                Map.of()));
      }
      return CompletableFuture.completedFuture(created);
    }

    @Override
    public boolean isNonBlocking() {
      return true;
    }
  }
}
