package io.mutationapi.benchmarks;

import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.await.Position;
import io.mutationapi.server.InMemoryStream;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.server.spi.ChangeStream;
import io.mutationapi.server.spi.ConsumerProgress;
import io.mutationapi.server.spi.ConsumerStatus;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.Subscription;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 17, HTTP consumers over HTTP: the embedded Jetty server ({@link MutationHttpServer}, a
 * bearer token) and workers using {@code java.net.http} on loopback; run alone, it is not part of
 * {@code run.sh}:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.mutationapi.benchmarks.PullHttpBenchmark [MESSAGES [WAKEUPS]]
 * </pre>
 *
 * <ul>
 *   <li>{@code pull.http.throughput.batch1} / {@code batch100}: MESSAGES records (default 20,000
 *       for batch 1, 10 times that for batch 100) are published first (in process), then 4 workers,
 *       each with its own HTTP/1.1 connection, {@code POST .../next} ({@code wait_for} 200 ms) and
 *       {@code POST .../ack} each batch; messages acked per second, from the first pull to the last
 *       ack.
 *   <li>{@code pull.http.wakeup}: a long poll ({@code wait_for} 10 s) is sent and, 5 ms later, a
 *       1-record create over HTTP (no await); two intervals, WAKEUPS times (default 1,000), p50 and
 *       p99: from the stream's {@code publish} being called to the poll's {@code 200} arriving at
 *       the worker, and from the create's {@code 200} arriving at the client to the poll's {@code
 *       200} (negative when the poll is answered first).
 * </ul>
 */
public final class PullHttpBenchmark {
  private static final String SYNC = "bench-sync";
  private static final String CONTACT = "salesforce:contact";
  private static final String CONSUMER = "bench-worker";
  private static final String TOKEN = "bench-token";
  private static final int WORKERS = 4;
  private static final Pattern ACK_TOKEN = Pattern.compile("\"ack_token\":\"([^\"]+)\"");

  private PullHttpBenchmark() {}

  /** Runs the measurements and prints them. */
  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int wakeups = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    try (Served served = new Served()) {
      throughput(served, messages, 1);
    }
    try (Served served = new Served()) {
      throughput(served, messages * 10, 100);
    }
    try (Served served = new Served()) {
      wakeup(served, wakeups);
    }
  }

  /** A server with one HTTP consumer, on Jetty on loopback, whose stream notes its publishes. */
  private static final class Served implements AutoCloseable {
    final TimedStream stream = new TimedStream(InMemoryStream.create());
    final MutationServer server =
        MutationServer.builder()
            .sync(SYNC, InMemoryUpstream.create(), CONTACT)
            .httpConsumer(CONSUMER, CONTACT)
            .stream(stream)
            .maxRecordsPerRequest(1000)
            .bearerToken(TOKEN, Principal.of("bench", SYNC))
            .build();
    final MutationHttpServer http = MutationHttpServer.listenOnLoopback(server, 0);

    URI uri(String path) {
      return URI.create("http://127.0.0.1:" + http.port() + path);
    }

    @Override
    public void close() {
      http.close();
      server.close();
    }
  }

  /** The stream of the server, noting when {@code publish} was last called. */
  private static final class TimedStream implements ChangeStream {
    final ChangeStream delegate;
    final AtomicLong publishedAt = new AtomicLong();

    TimedStream(ChangeStream delegate) {
      this.delegate = delegate;
    }

    @Override
    public void start(List<Subscription> subscriptions, ConsumerProgress progress) {
      delegate.start(subscriptions, progress);
    }

    @Override
    public CompletionStage<List<Position>> publish(List<Record> records) {
      publishedAt.set(System.nanoTime());
      return delegate.publish(records);
    }

    @Override
    public boolean isFull() {
      return delegate.isFull();
    }

    @Override
    public ConsumerStatus status(String consumerId) {
      return delegate.status(consumerId);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  private static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  private static HttpRequest post(Served served, String path, String json) {
    return HttpRequest.newBuilder(served.uri(path))
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private static List<String> ackTokens(String body) {
    List<String> tokens = new ArrayList<>();
    Matcher m = ACK_TOKEN.matcher(body);
    while (m.find()) {
      tokens.add(m.group(1));
    }
    return tokens;
  }

  private static void publish(Served served, int messages) {
    for (int done = 0; done < messages; done += 1000) {
      MutationRequest.CreateBuilder create = MutationRequest.create(SYNC, CONTACT);
      for (int i = 0; i < Math.min(1000, messages - done); i++) {
        create.record(Map.of("n", done + i));
      }
      MutationOutcome outcome =
          served
              .server
              .service()
              .run(create.build(), Principal.of("bench", SYNC))
              .toCompletableFuture()
              .join();
      if (!(outcome instanceof MutationOutcome.Success)) {
        throw new IllegalStateException("create failed: " + outcome);
      }
    }
  }

  private static void throughput(Served served, int messages, int batch) throws Exception {
    publish(served, messages);
    AtomicLong acked = new AtomicLong();
    String next = "{\"batch_size\": " + batch + ", \"wait_for\": 200}";
    String nextPath = "/v1/http-consumers/" + CONSUMER + "/next";
    String ackPath = "/v1/http-consumers/" + CONSUMER + "/ack";
    long start = System.nanoTime();
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      HttpClient http = client();
      Thread worker =
          new Thread(
              () -> {
                try {
                  while (acked.get() < messages) {
                    HttpResponse<String> pulled =
                        http.send(
                            post(served, nextPath, next), HttpResponse.BodyHandlers.ofString());
                    if (pulled.statusCode() != 200) {
                      throw new IllegalStateException(
                          "next: " + pulled.statusCode() + pulled.body());
                    }
                    List<String> tokens = ackTokens(pulled.body());
                    if (!tokens.isEmpty()) {
                      String body = "{\"ack_tokens\": [\"" + String.join("\",\"", tokens) + "\"]}";
                      HttpResponse<String> ack =
                          http.send(
                              post(served, ackPath, body), HttpResponse.BodyHandlers.ofString());
                      if (ack.statusCode() != 204) {
                        throw new IllegalStateException("ack: " + ack.statusCode() + ack.body());
                      }
                      acked.addAndGet(tokens.size());
                    }
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "pull.http.throughput.batch%d: %d messages, %d workers over HTTP: %.0f messages/s"
            + " (next+ack)%n",
        batch,
        messages,
        WORKERS,
        messages / seconds);
  }

  private static void wakeup(Served served, int wakeups) throws Exception {
    HttpClient worker = client();
    HttpClient creator = client();
    String poll = "{\"batch_size\": 1, \"wait_for\": 10000}";
    String create =
        "{\"kind\": \"create\", \"sync_id\": \""
            + SYNC
            + "\", \"collection_id\": \""
            + CONTACT
            + "\", \"records\": [{\"data\": {\"n\": 1}}]}";
    int warmup = Math.min(200, wakeups);
    long[] fromPublish = new long[wakeups];
    long[] fromCreated = new long[wakeups];
    for (int i = 0; i < warmup + wakeups; i++) {
      AtomicLong polledAt = new AtomicLong();
      AtomicLong createdAt = new AtomicLong();
      CompletableFuture<HttpResponse<String>> polled =
          worker
              .sendAsync(
                  post(served, "/v1/http-consumers/" + CONSUMER + "/next", poll),
                  HttpResponse.BodyHandlers.ofString())
              .whenComplete((r, e) -> polledAt.set(System.nanoTime()));
      TimeUnit.MILLISECONDS.sleep(5); // The poll is waiting on the server.
      HttpResponse<String> created =
          creator.send(
              post(served, "/v1/mutations/run", create), HttpResponse.BodyHandlers.ofString());
      createdAt.set(System.nanoTime());
      if (created.statusCode() != 200) {
        throw new IllegalStateException("create: " + created.statusCode() + created.body());
      }
      HttpResponse<String> answer = polled.get(10, TimeUnit.SECONDS);
      List<String> tokens = ackTokens(answer.body());
      if (tokens.size() != 1) {
        throw new IllegalStateException("poll: " + answer.statusCode() + answer.body());
      }
      worker.send(
          post(
              served,
              "/v1/http-consumers/" + CONSUMER + "/ack",
              "{\"ack_tokens\": [\"" + tokens.get(0) + "\"]}"),
          HttpResponse.BodyHandlers.discarding());
      if (i >= warmup) {
        fromPublish[i - warmup] = (polledAt.get() - served.stream.publishedAt.get()) / 1000;
        fromCreated[i - warmup] = (polledAt.get() - createdAt.get()) / 1000;
      }
    }
    Arrays.sort(fromPublish);
    Arrays.sort(fromCreated);
    System.out.printf(
        Locale.ROOT,
        "pull.http.wakeup: %d long polls (after %d warm-up): publish -> poll's 200: p50 %d us,"
            + " p99 %d us; create's 200 -> poll's 200: p50 %d us, p99 %d us%n",
        wakeups,
        warmup,
        fromPublish[wakeups / 2],
        fromPublish[(int) (wakeups * 0.99)],
        fromCreated[wakeups / 2],
        fromCreated[(int) (wakeups * 0.99)]);
  }
}
