package io.mutationapi.benchmarks;

import io.mutationapi.MutationResult;
import io.mutationapi.client.MutationClient;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.jetty.MutationHttpServer;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.HdrHistogram.Histogram;

/**
 * Item 5: {@code MutationClient} {@code execute()} of a 1-record create against a raw OkHttp call
 * that posts the same body, pre-serialized, with the same headers (a fresh {@code Idempotency-Key}
 * each call, as the client sends, so the server does the same work for both), to the same embedded
 * server in this JVM. One caller thread; rounds alternate which goes first. A third caller, raw
 * OkHttp with a whole-call timeout as the client sets on each attempt, tells that cost apart. The
 * server's upstream is a {@link Fixtures.StatelessUpstream}: the in-memory one keeps every record,
 * and the young-GC pauses of copying that store (tens of ms each) landed on whichever caller was
 * running.
 *
 * <p>Arguments: warm-up seconds, measured seconds per round.
 */
public final class ClientBenchmark {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final int ROUNDS = 4;

  private ClientBenchmark() {}

  public static void main(String[] args) throws Exception {
    long warmup = args.length > 0 ? Long.parseLong(args[0]) : 2;
    long measure = args.length > 1 ? Long.parseLong(args[1]) : 4;
    try (MutationServer server = Fixtures.statelessServer()) {
      MutationHttpServer http = MutationHttpServer.listenOnLoopback(server, 0);
      String base = "http://127.0.0.1:" + http.port() + "/";
      Map<String, Object> data = Fixtures.contact(0);
      byte[] body = Fixtures.createBody(1, false);
      String endpoint = http.endpoint().toString();
      OkHttpClient raw = new OkHttpClient();
      try (MutationClient client =
          MutationClient.builder().baseUrl(base).apiToken(Fixtures.TOKEN).build()) {
        Call viaClient =
            () -> {
              MutationResult r =
                  client
                      .mutations()
                      .create(Fixtures.SYNC, Fixtures.COLLECTION)
                      .record(data)
                      .execute();
              if (r.records().size() != 1) {
                throw new IllegalStateException("expected one record");
              }
            };
        Call viaOkHttp =
            () -> {
              Request request =
                  new Request.Builder()
                      .url(endpoint)
                      .header("Authorization", "Bearer " + Fixtures.TOKEN)
                      .header("Idempotency-Key", UUID.randomUUID().toString())
                      .header("Accept", "application/json")
                      .post(RequestBody.create(body, JSON))
                      .build();
              try (Response response = raw.newCall(request).execute()) {
                byte[] bytes = response.body().bytes();
                if (response.code() != 200 || bytes.length == 0) {
                  throw new IllegalStateException("status " + response.code());
                }
              }
            };
        // As the client does for each attempt: a whole-call timeout, which Okio's watchdog
        // enforces.
        Call viaOkHttpTimed =
            () -> {
              Request request =
                  new Request.Builder()
                      .url(endpoint)
                      .header("Authorization", "Bearer " + Fixtures.TOKEN)
                      .header("Idempotency-Key", UUID.randomUUID().toString())
                      .header("Accept", "application/json")
                      .post(RequestBody.create(body, JSON))
                      .build();
              okhttp3.Call call = raw.newCall(request);
              call.timeout().timeout(40, TimeUnit.SECONDS);
              try (Response response = call.execute()) {
                byte[] bytes = response.body().bytes();
                if (response.code() != 200 || bytes.length == 0) {
                  throw new IllegalStateException("status " + response.code());
                }
              }
            };
        run(viaClient, Duration.ofSeconds(warmup), null);
        run(viaOkHttp, Duration.ofSeconds(warmup), null);
        run(viaOkHttpTimed, Duration.ofSeconds(warmup), null);
        Histogram clientLatency = Results.histogram();
        Histogram rawLatency = Results.histogram();
        long[] clientTotal = new long[2];
        long[] rawTotal = new long[2];
        long[] timedTotal = new long[2];
        for (int round = 0; round < ROUNDS; round++) {
          Duration d = Duration.ofSeconds(measure).dividedBy(2);
          if (round % 2 == 0) {
            add(clientTotal, run(viaClient, d, clientLatency));
            add(rawTotal, run(viaOkHttp, d, rawLatency));
            add(timedTotal, run(viaOkHttpTimed, d, null));
          } else {
            add(timedTotal, run(viaOkHttpTimed, d, null));
            add(rawTotal, run(viaOkHttp, d, rawLatency));
            add(clientTotal, run(viaClient, d, clientLatency));
          }
        }
        double clientMean = clientTotal[0] / 1000.0 / clientTotal[1];
        double rawMean = rawTotal[0] / 1000.0 / rawTotal[1];
        Results.put("client.execute.mean_us", clientMean);
        Results.put("client.okhttp.mean_us", rawMean);
        Results.put("client.ratio", clientMean / rawMean);
        Results.put("client.okhttp_call_timeout.mean_us", timedTotal[0] / 1000.0 / timedTotal[1]);
        Results.putPercentiles("client.execute", clientLatency);
        Results.putPercentiles("client.okhttp", rawLatency);
      } finally {
        raw.dispatcher().executorService().shutdown();
        raw.connectionPool().evictAll();
      }
    }
  }

  private interface Call {
    void run() throws IOException;
  }

  private static void add(long[] total, long[] run) {
    total[0] += run[0];
    total[1] += run[1];
  }

  /** Calls until {@code duration} has passed; returns {total nanos, calls}. */
  private static long[] run(Call call, Duration duration, Histogram h) throws IOException {
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long calls = 0;
    long now = start;
    while (now < end && calls < 10_000_000) {
      long t0 = now;
      call.run();
      now = System.nanoTime();
      if (h != null) {
        h.recordValue(now - t0);
      }
      calls++;
    }
    return new long[] {now - start, calls};
  }
}
