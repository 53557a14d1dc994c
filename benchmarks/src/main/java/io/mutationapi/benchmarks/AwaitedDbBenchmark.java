package io.mutationapi.benchmarks;

import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.await.Position;
import io.mutationapi.jdbc.JdbcTableConsumer;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.http.MutationHttpHandler;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.server.spi.ChangeEvent;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.HdrHistogram.Histogram;

/**
 * Issue 19, awaited create over HTTP with {@code local-db} on embedded PostgreSQL: one client at a
 * time (raw OkHttp, one keep-alive connection) creates one record with {@code await_consumer_ids:
 * [local-db]} through {@link MutationHttpServer} on loopback, served by a {@link MutationServer}
 * with an {@link InMemoryUpstream} and the demo's {@link JdbcTableConsumer} (its defaults: the
 * in-memory stream, the consumer's own threads); against its ceiling, in the same JVM, with no
 * HTTP: the same upstream's {@code apply} of the same request, then one upsert of the resulting row
 * and a commit ({@link HandUpsert}) on a connection of the same pool. The two alternate call by
 * call, after a warm-up that lasts until the JIT compilers are done (or the warm-up's limit);
 * HdrHistogram percentiles of each.
 *
 * <p>Arguments: warm-up limit in seconds (default 20), samples of each (default 3000).
 */
public final class AwaitedDbBenchmark {
  private static final MediaType JSON = MediaType.get("application/json");

  private AwaitedDbBenchmark() {}

  public static void main(String[] args) throws Exception {
    int warmupSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int samples = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
    try (BenchDatabase db = BenchDatabase.postgres()) {
      JdbcTableConsumer localDb = db.localDb().build();
      localDb.createTableIfMissing();
      InMemoryUpstream upstream = InMemoryUpstream.create();
      try (MutationServer server =
              MutationServer.builder()
                  .sync(Fixtures.SYNC, upstream, Fixtures.COLLECTION)
                  .consumer(Fixtures.CONSUMER, localDb, Fixtures.COLLECTION)
                  .bearerToken(Fixtures.TOKEN, Fixtures.PRINCIPAL)
                  .build();
          HandUpsert hand = new HandUpsert(db.pool.getConnection(), false)) {
        MutationHttpServer http = MutationHttpServer.listenOnLoopback(server, 0);
        try {
          OkHttpClient client = new OkHttpClient.Builder().build();
          Request request =
              new Request.Builder()
                  .url("http://127.0.0.1:" + http.address().getPort() + MutationHttpHandler.PATH)
                  .header("Authorization", "Bearer " + Fixtures.TOKEN)
                  .post(RequestBody.create(Fixtures.createBody(1, true), JSON))
                  .build();
          Request noAwait =
              request
                  .newBuilder()
                  .post(RequestBody.create(Fixtures.createBody(1, false), JSON))
                  .build();
          MutationRequest create = Fixtures.create(1, false);
          Pair pair = new Pair(client, request, upstream, create, hand);
          Pair plain = new Pair(client, noAwait, upstream, create, hand);
          Parts parts = new Parts(db.localDb().build(), upstream, create);
          warmUp(pair, warmupSeconds);
          Histogram ours = Results.histogram();
          Histogram ceiling = Results.histogram();
          Histogram withoutAwait = Results.histogram();
          Histogram consumerAlone = Results.histogram();
          for (int i = 0; i < samples; i++) {
            if (i % 2 == 0) {
              ours.recordValue(pair.ours());
              ceiling.recordValue(pair.ceiling());
            } else {
              ceiling.recordValue(pair.ceiling());
              ours.recordValue(pair.ours());
            }
            // Where the time goes, every fourth call: the same create without await over HTTP,
            // and the consumer's processBatch of one event called directly.
            if (i % 4 == 0) {
              withoutAwait.recordValue(plain.ours());
              consumerAlone.recordValue(parts.timeOne());
            }
          }
          Results.putPercentiles("awaited_db.no_await", withoutAwait);
          Results.putPercentiles("awaited_db.consumer", consumerAlone);
          Results.putPercentiles("awaited_db.ours", ours);
          Results.putPercentiles("awaited_db.ceiling", ceiling);
          double p50 = (double) ours.getValueAtPercentile(50) / ceiling.getValueAtPercentile(50);
          double p99 = (double) ours.getValueAtPercentile(99) / ceiling.getValueAtPercentile(99);
          Results.put("awaited_db.ratio_p50", p50);
          Results.put("awaited_db.ratio_p99", p99);
          System.err.printf(
              Locale.ROOT,
              "awaited create p50/p99 µs: ours %.0f / %.0f, ceiling %.0f / %.0f, ratio %.2fx /"
                  + " %.2fx%n",
              ours.getValueAtPercentile(50) / 1e3,
              ours.getValueAtPercentile(99) / 1e3,
              ceiling.getValueAtPercentile(50) / 1e3,
              ceiling.getValueAtPercentile(99) / 1e3,
              p50,
              p99);
          client.dispatcher().executorService().shutdown();
          client.connectionPool().evictAll();
        } finally {
          http.close();
        }
      }
    }
  }

  /** Our awaited create and its ceiling, each one call returning its nanoseconds. */
  private record Pair(
      OkHttpClient client,
      Request request,
      InMemoryUpstream upstream,
      MutationRequest create,
      HandUpsert hand) {
    long ours() throws IOException {
      long t0 = System.nanoTime();
      try (Response response = client.newCall(request).execute()) {
        String body = response.body().string();
        long t1 = System.nanoTime();
        if (response.code() != 200 || body.contains("\"error\"")) {
          throw new IllegalStateException("awaited create answered " + response.code());
        }
        return t1 - t0;
      }
    }

    long ceiling() throws SQLException {
      long t0 = System.nanoTime();
      List<Record> records = upstream.apply(create, Fixtures.CONTEXT).toCompletableFuture().join();
      hand.write(records);
      return System.nanoTime() - t0;
    }
  }

  /**
   * The consumer alone: {@code processBatch} of one event of a record the upstream just created, on
   * a second consumer of the same table and pool (its own threads), called directly.
   */
  private record Parts(
      JdbcTableConsumer consumer, InMemoryUpstream upstream, MutationRequest create) {
    long timeOne() {
      Record record = upstream.apply(create, Fixtures.CONTEXT).toCompletableFuture().join().get(0);
      List<ChangeEvent> batch = List.of(new ChangeEvent(new Position(0, 0), record));
      long t0 = System.nanoTime();
      consumer.processBatch(batch).toCompletableFuture().join();
      return System.nanoTime() - t0;
    }
  }

  /**
   * Runs both, not recorded, in rounds of 300 each, until a round after the third compiled for less
   * than 50 ms, or the limit.
   */
  private static void warmUp(Pair pair, int limitSeconds) throws Exception {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long started = System.nanoTime();
    long compiled = jit.getTotalCompilationTime();
    int rounds = 0;
    while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(limitSeconds)) {
      for (int i = 0; i < 300; i++) {
        pair.ours();
        pair.ceiling();
      }
      rounds++;
      long now = jit.getTotalCompilationTime();
      long spent = now - compiled;
      compiled = now;
      if (rounds >= 3 && spent < 50) {
        break;
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.err.printf(Locale.ROOT, "warm-up: %d rounds, %.1f s%n", rounds, seconds);
    Results.put("awaited_db.warmup_seconds", seconds);
  }
}
