package io.mutationapi.benchmarks;

import io.mutationapi.MutationRequest;
import io.mutationapi.client.MessageBatch;
import io.mutationapi.client.MutationClient;
import io.mutationapi.client.PullConsumer;
import io.mutationapi.server.InMemoryStream;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Issue 17, what one HTTP request of a pull consumer costs next to other endpoints: one sequential
 * worker against the embedded Jetty server on loopback, interleaving per round {@code POST
 * .../next} (batch 1, a message ready), {@code POST .../ack} of it, {@code GET /v1/consumers/{id}}
 * and a 1-record create without await; first with {@code java.net.http}, then with {@link
 * MutationClient} (OkHttp). Run alone:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.mutationapi.benchmarks.PullHttpRequestCost [ROUNDS [WARMUP]]
 * </pre>
 */
public final class PullHttpRequestCost {
  private static final String SYNC = "bench-sync";
  private static final String CONTACT = "salesforce:contact";
  private static final String CONSUMER = "bench-worker";
  private static final String TOKEN = "bench-token";
  private static final Pattern ACK_TOKEN = Pattern.compile("\"ack_token\":\"([^\"]+)\"");

  private PullHttpRequestCost() {}

  /** Runs the measurements and prints them. */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    try (MutationServer server =
            MutationServer.builder()
                .sync(SYNC, InMemoryUpstream.create(), CONTACT)
                .httpConsumer(CONSUMER, CONTACT)
                .stream(InMemoryStream.create())
                .maxRecordsPerRequest(1000)
                .bearerToken(TOKEN, Principal.of("bench", SYNC))
                .build();
        MutationHttpServer http = MutationHttpServer.listenOnLoopback(server, 0)) {
      String base = "http://127.0.0.1:" + http.port();
      publish(server, 4 * (rounds + warmup));
      for (int repeat = 0; repeat < 2; repeat++) {
        for (int workers : new int[] {1, 4}) {
          pairs(base, workers, warmup / workers, true, false);
          pairs(base, workers, warmup / workers, false, false);
          pairs(base, workers, rounds / workers, true, true);
          pairs(base, workers, rounds / workers, false, true);
        }
        jdk(base, warmup, false);
        jdk(base, rounds, true);
        try (MutationClient client =
            MutationClient.builder().baseUrl(base).apiToken(TOKEN).build()) {
          okhttp(client, warmup, false);
          okhttp(client, rounds, true);
        }
      }
    }
  }

  private static void publish(MutationServer server, int messages) {
    for (int done = 0; done < messages; done += 1000) {
      MutationRequest.CreateBuilder create = MutationRequest.create(SYNC, CONTACT);
      for (int i = 0; i < Math.min(1000, messages - done); i++) {
        create.record(Map.of("n", done + i));
      }
      MutationOutcome outcome =
          server
              .service()
              .run(create.build(), Principal.of("bench", SYNC))
              .toCompletableFuture()
              .join();
      if (!(outcome instanceof MutationOutcome.Success)) {
        throw new IllegalStateException("create failed: " + outcome);
      }
    }
  }

  private static HttpRequest.Builder request(String base, String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Bearer " + TOKEN)
        .timeout(Duration.ofSeconds(30));
  }

  private static HttpRequest post(String base, String path, String json) {
    return request(base, path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private static void jdk(String base, int rounds, boolean print) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String next = "{\"batch_size\": 1, \"wait_for\": 200}";
    String create =
        "{\"kind\": \"create\", \"sync_id\": \""
            + SYNC
            + "\", \"collection_id\": \""
            + CONTACT
            + "\", \"records\": [{\"data\": {\"n\": 1}}]}";
    Histogram[] h = {
      Results.histogram(), Results.histogram(), Results.histogram(), Results.histogram()
    };
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> pulled =
          client.send(
              post(base, "/v1/http-consumers/" + CONSUMER + "/next", next),
              HttpResponse.BodyHandlers.ofString());
      long t1 = System.nanoTime();
      Matcher m = ACK_TOKEN.matcher(pulled.body());
      if (!m.find()) {
        throw new IllegalStateException("next: " + pulled.body());
      }
      HttpResponse<String> ack =
          client.send(
              post(
                  base,
                  "/v1/http-consumers/" + CONSUMER + "/ack",
                  "{\"ack_tokens\": [\"" + m.group(1) + "\"]}"),
              HttpResponse.BodyHandlers.ofString());
      long t2 = System.nanoTime();
      HttpResponse<String> info =
          client.send(
              request(base, "/v1/consumers/" + CONSUMER).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      long t3 = System.nanoTime();
      HttpResponse<String> created =
          client.send(
              post(base, "/v1/mutations/run", create), HttpResponse.BodyHandlers.ofString());
      long t4 = System.nanoTime();
      if (ack.statusCode() != 204 || info.statusCode() != 200 || created.statusCode() != 200) {
        throw new IllegalStateException(
            ack.statusCode() + " " + info.statusCode() + " " + created.statusCode());
      }
      h[0].recordValue(t1 - t0);
      h[1].recordValue(t2 - t1);
      h[2].recordValue(t3 - t2);
      h[3].recordValue(t4 - t3);
    }
    if (print) {
      print("java.net.http", h);
    }
  }

  /**
   * {@code workers} threads, each with its own java.net.http client, doing {@code rounds} pairs
   * each: next+ack, or (the control) GET /v1/consumers/{id} + create; pairs per second and the
   * process's CPU time per pair.
   */
  private static void pairs(String base, int workers, int rounds, boolean pull, boolean print)
      throws Exception {
    String next = "{\"batch_size\": 1, \"wait_for\": 200}";
    String create =
        "{\"kind\": \"create\", \"sync_id\": \""
            + SYNC
            + "\", \"collection_id\": \""
            + CONTACT
            + "\", \"records\": [{\"data\": {\"n\": 1}}]}";
    java.util.concurrent.atomic.AtomicLong empty = new java.util.concurrent.atomic.AtomicLong();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    List<Thread> threads = new ArrayList<>();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    for (int w = 0; w < workers; w++) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      Thread thread =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < rounds; ) {
                    if (pull) {
                      HttpResponse<String> pulled =
                          client.send(
                              post(base, "/v1/http-consumers/" + CONSUMER + "/next", next),
                              HttpResponse.BodyHandlers.ofString());
                      Matcher m = ACK_TOKEN.matcher(pulled.body());
                      if (!m.find()) {
                        empty.incrementAndGet();
                        continue;
                      }
                      client.send(
                          post(
                              base,
                              "/v1/http-consumers/" + CONSUMER + "/ack",
                              "{\"ack_tokens\": [\"" + m.group(1) + "\"]}"),
                          HttpResponse.BodyHandlers.ofString());
                    } else {
                      client.send(
                          request(base, "/v1/consumers/" + CONSUMER).GET().build(),
                          HttpResponse.BodyHandlers.ofString());
                      client.send(
                          post(base, "/v1/mutations/run", create),
                          HttpResponse.BodyHandlers.ofString());
                    }
                    i++;
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpu = (os.getProcessCpuTime() - cpu0) / 1e3;
    if (print) {
      System.out.printf(
          Locale.ROOT,
          "%d worker(s), %-22s %7.0f pairs/s, process CPU %6.1f us per pair, %d empty nexts (load %s)%n",
          workers,
          pull ? "next+ack:" : "GET consumer+create:",
          workers * rounds / seconds,
          cpu / (workers * (double) rounds),
          empty.get(),
          load());
    }
  }

  private static void okhttp(MutationClient client, int rounds, boolean print) {
    PullConsumer consumer = client.consumers(CONSUMER);
    Histogram[] h = {
      Results.histogram(), Results.histogram(), Results.histogram(), Results.histogram()
    };
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      MessageBatch batch = consumer.next(1, Duration.ofMillis(200));
      long t1 = System.nanoTime();
      if (batch.isEmpty()) {
        throw new IllegalStateException("nothing pulled");
      }
      consumer.ack(batch);
      long t2 = System.nanoTime();
      client.consumers().get(CONSUMER);
      long t3 = System.nanoTime();
      client.mutations().create(SYNC, CONTACT).record(Map.of("n", i)).execute();
      long t4 = System.nanoTime();
      h[0].recordValue(t1 - t0);
      h[1].recordValue(t2 - t1);
      h[2].recordValue(t3 - t2);
      h[3].recordValue(t4 - t3);
    }
    if (print) {
      print("OkHttp (MutationClient)", h);
    }
  }

  private static void print(String client, Histogram[] h) {
    String[] names = {
      "POST next (batch 1)", "POST ack (204)", "GET /v1/consumers/{id}", "create, no await"
    };
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < h.length; i++) {
      lines.add(
          String.format(
              Locale.ROOT,
              "  %-24s p50 %7.1f us  p90 %7.1f us  p99 %8.1f us  mean %7.1f us",
              names[i],
              h[i].getValueAtPercentile(50) / 1000.0,
              h[i].getValueAtPercentile(90) / 1000.0,
              h[i].getValueAtPercentile(99) / 1000.0,
              h[i].getMean() / 1000.0));
    }
    System.out.println(client + " (n=" + h[0].getTotalCount() + ", load " + load() + "):");
    lines.forEach(System.out::println);
  }

  private static String load() {
    return String.format(
        Locale.ROOT,
        "%.1f",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
