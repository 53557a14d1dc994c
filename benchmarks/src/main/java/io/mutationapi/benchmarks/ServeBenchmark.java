package io.mutationapi.benchmarks;

import com.example.mutations.DemoServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mutationapi.server.http.MutationHttpHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Issue #19: the demo {@code serve} with all its consumers under 16 keep-alive clients (closed
 * loop, 1-contact creates without await, as the README's curl), against the bare JDK server ({@link
 * BareJdkServer}: Jackson {@code readTree} and a fixed answer of the same size as ours) in
 * alternating rounds of the same run. The demo server is {@link DemoServer} itself: {@code
 * local-db} (H2 in memory), {@code slow-mirror} and the HTTP consumer {@code http-worker}, which a
 * {@link PullWorker} pulls and acks over HTTP as the README's worker does, so every consumer
 * consumes. Each round starts a fresh demo server (the in-memory upstream keeps every record it
 * created).
 *
 * <p>Reports requests per second, the server's CPU per request (the process's CPU less the load
 * threads' and the worker's), that CPU split by thread group, the non-200 answers as errors, and
 * each consumer's lag at the start and the end of the measured period (it must not grow).
 *
 * <p>Arguments: the longest JIT warm-up in seconds (default 40), measured seconds per round
 * (default 8), rounds (default 2).
 */
public final class ServeBenchmark {
  static final int CLIENTS = 16;
  static final String TOKEN = "serve-bench-token-0123456789";
  static final List<String> CONSUMERS = List.of("local-db", "slow-mirror", DemoServer.HTTP_WORKER);
  private static final long MAX_REQUESTS = 50_000_000;
  private static final Duration LOAD_WARMUP = Duration.ofSeconds(2);

  /** The README's create of one contact, without await. */
  static final byte[] BODY =
      ("{\"kind\": \"create\", \"sync_id\": \"my-sync-id\", \"collection_id\":"
              + " \"salesforce:contact\", \"records\": [{\"data\": {\"FirstName\": \"Paul\","
              + " \"LastName\": \"Atreides\", \"Email\": \"paul@arrakis.org\"}}]}")
          .getBytes(StandardCharsets.UTF_8);

  private ServeBenchmark() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    Duration maxWarmup = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 40);
    Duration measure = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 8);
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    byte[] answer = oneAnswer();

    warmUp(answer, maxWarmup);

    Tally ours = new Tally();
    Tally bare = new Tally();
    Map<String, Double> groups = new TreeMap<>();
    Map<String, Long> lagStart = new LinkedHashMap<>();
    Map<String, Long> lagEnd = new LinkedHashMap<>();
    double minRatio = Double.MAX_VALUE;
    double maxRatio = 0;
    long workerAcked = 0;
    long workerFailures = 0;
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < 2; i++) {
        if ((round + i) % 2 == 0) {
          DemoRun run = measureDemo(measure);
          ours.add(run.load, run.cpu);
          // The split's window ends a little before the load stops (threads still alive), so it
          // is scaled to requests by the rate.
          double requestsInWindow = run.load.perSecond() * run.windowSeconds;
          run.cpu.nanosByGroup.forEach(
              (g, n) -> groups.merge(g, n / 1000.0 / requestsInWindow / rounds, Double::sum));
          run.lagStart.forEach((c, l) -> lagStart.merge(c, l, Math::max));
          run.lagEnd.forEach((c, l) -> lagEnd.merge(c, l, Math::max));
          workerAcked += run.acked;
          workerFailures += run.workerFailures;
        } else {
          LoadGenerator.Run run = measureBare(answer, LOAD_WARMUP, measure);
          bare.add(run, null);
        }
      }
      double ratio = ours.last.perSecond() / bare.last.perSecond();
      minRatio = Math.min(minRatio, ratio);
      maxRatio = Math.max(maxRatio, ratio);
      System.err.printf(
          "round %d: demo serve %.0f/s %.1f µs CPU/req (%d errors), bare JDK %.0f/s %.1f µs"
              + " CPU/req: %.2fx%n",
          round,
          ours.last.perSecond(),
          ours.last.cpuMicrosPerRequest(),
          ours.last.errors(),
          bare.last.perSecond(),
          bare.last.cpuMicrosPerRequest(),
          ratio);
    }
    Results.put("serve.ours_rps", ours.perSecond());
    Results.put("serve.bare_rps", bare.perSecond());
    Results.put("serve.ratio", ours.perSecond() / bare.perSecond());
    Results.put("serve.ratio_min", minRatio);
    Results.put("serve.ratio_max", maxRatio);
    Results.put("serve.errors", ours.errors);
    Results.put("serve.bare_errors", bare.errors);
    Results.put("serve.ours_cpu_us", ours.cpuMicrosPerRequest());
    Results.put("serve.bare_cpu_us", bare.cpuMicrosPerRequest());
    Results.put("serve.cpu_ratio", ours.cpuMicrosPerRequest() / bare.cpuMicrosPerRequest());
    Results.put("serve.worker_acked_per_s", workerAcked / ours.seconds);
    Results.put("serve.worker_failures", workerFailures);
    Results.putPercentiles("serve.ours", ours.latency);
    Results.putPercentiles("serve.bare", bare.latency);
    groups.forEach((g, us) -> Results.put("serve.cpu_us." + g.replace(' ', '_'), us));
    for (String c : CONSUMERS) {
      String key = c.replace('-', '_');
      Results.put("serve.lag_start." + key, lagStart.getOrDefault(c, -1L));
      Results.put("serve.lag_end." + key, lagEnd.getOrDefault(c, -1L));
    }
  }

  /** What one measured period of the demo saw. */
  record DemoRun(
      LoadGenerator.Run load,
      ThreadCpu cpu,
      double windowSeconds,
      Map<String, Long> lagStart,
      Map<String, Long> lagEnd,
      long acked,
      long workerFailures) {}

  /** The sum of one server's measured periods. */
  private static final class Tally {
    final Histogram latency = Results.histogram();
    long requests;
    long errors;
    double seconds;
    long cpuNanos;
    LoadGenerator.Run last;

    void add(LoadGenerator.Run run, ThreadCpu cpu) {
      latency.add(run.latency());
      requests += run.requests();
      errors += run.errors();
      seconds += run.seconds();
      // The worker is a client of the server, as the load threads are: its CPU is not the server's.
      cpuNanos += run.serverCpuNanos() - (cpu == null ? 0 : cpu.get("worker"));
      last = run;
    }

    double perSecond() {
      return requests / seconds;
    }

    double cpuMicrosPerRequest() {
      return cpuNanos / 1000.0 / requests;
    }
  }

  /**
   * Runs the demo and the bare server, not recorded, until the JIT compilers are done: chunks of 4
   * s of the demo and 1 s of the bare server; stops after the second chunk or later in which the
   * compiler threads took less than 3% of the process's CPU (their CPU, not their compile time,
   * which a busy machine stretches), or at {@code max}.
   */
  private static void warmUp(byte[] answer, Duration max) throws Exception {
    long started = System.nanoTime();
    int chunks = 0;
    double share = Double.NaN;
    while (System.nanoTime() - started < max.toNanos()) {
      ThreadCpu before = ThreadCpu.now(ServeBenchmark::group);
      try (DemoServer demo = DemoServer.start(0, TOKEN);
          PullWorker worker =
              PullWorker.start(demo.baseUrl(), DemoServer.HTTP_WORKER, TOKEN, 1000)) {
        load(demo, Duration.ZERO, Duration.ofSeconds(4));
        System.err.printf("warm-up: the worker acked %d%n", worker.acked());
      }
      measureBare(answer, Duration.ZERO, Duration.ofSeconds(1));
      ThreadCpu chunk = ThreadCpu.now(ServeBenchmark::group).minus(before);
      chunks++;
      share = chunk.get(ThreadCpu.JIT) / (double) chunk.processNanos;
      System.err.printf("warm-up chunk %d: JIT %.1f%% of the CPU%n", chunks, 100 * share);
      if (chunks >= 2 && share < 0.03) {
        break;
      }
    }
    Results.put("serve.warmup_seconds", (System.nanoTime() - started) / 1e9);
    Results.put("serve.warmup_last_chunk_jit_share", share);
  }

  private static DemoRun measureDemo(Duration measure) throws Exception {
    try (DemoServer demo = DemoServer.start(0, TOKEN);
        PullWorker worker = PullWorker.start(demo.baseUrl(), DemoServer.HTTP_WORKER, TOKEN, 1000)) {
      long t0 = System.nanoTime();
      Sampler sampler = new Sampler(demo.baseUrl(), t0 + LOAD_WARMUP.toNanos(), measure, worker);
      sampler.start();
      LoadGenerator.Run run = load(demo, LOAD_WARMUP, measure);
      sampler.join();
      Map<String, Long> lagEnd = lags(demo.baseUrl(), TOKEN);
      return new DemoRun(
          run,
          sampler.cpu,
          (sampler.to - sampler.from) / 1e9,
          sampler.lagStart,
          lagEnd,
          sampler.acked,
          worker.failures());
    }
  }

  /** Takes the CPU and lag snapshots at the start and the end of the measured period. */
  private static final class Sampler extends Thread {
    final URI baseUrl;
    final long from;
    final long to;
    volatile ThreadCpu cpu;
    final PullWorker worker;
    volatile Map<String, Long> lagStart = Map.of();
    volatile long acked;

    Sampler(URI baseUrl, long from, Duration measure, PullWorker worker) {
      super("bench-sampler");
      setDaemon(true);
      this.baseUrl = baseUrl;
      this.from = from;
      // Ends before the load threads do, so that their CPU is still counted.
      this.to = from + measure.toNanos() - TimeUnit.MILLISECONDS.toNanos(200);
      this.worker = worker;
    }

    @Override
    public void run() {
      try {
        sleepUntil(from);
        ThreadCpu start = ThreadCpu.now(ServeBenchmark::group);
        long ackedFrom = worker.acked();
        lagStart = lags(baseUrl, TOKEN);
        sleepUntil(to);
        cpu = ThreadCpu.now(ServeBenchmark::group).minus(start);
        acked = worker.acked() - ackedFrom;
      } catch (InterruptedException | IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** The thread groups of the CPU split. */
  static String group(String thread) {
    if (thread.equals("load-client")) {
      return "load";
    }
    if (thread.equals(PullWorker.THREAD) || thread.startsWith("HttpClient-")) {
      return "worker";
    }
    if (thread.startsWith("mutation-http") || thread.startsWith("HTTP-Dispatcher")) {
      return "http";
    }
    if (thread.equals("mutation-consumer-local-db") || thread.startsWith("mutation-jdbc-")) {
      return "local_db";
    }
    if (thread.equals("mutation-consumer-slow-mirror")) {
      return "slow_mirror";
    }
    if (thread.equals("mutation-consumer-" + DemoServer.HTTP_WORKER)) {
      return "http_worker";
    }
    if (thread.startsWith("ForkJoinPool.commonPool") || thread.startsWith("CompletableFuture")) {
      return "common_pool";
    }
    if (thread.startsWith("mutation-")) {
      return "server_other";
    }
    if (thread.startsWith("pool-")) {
      return "http"; // the bare server's pool
    }
    return "other";
  }

  static LoadGenerator.Run load(DemoServer demo, Duration warmup, Duration measure)
      throws InterruptedException {
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", demo.port());
    byte[] request = LoadGenerator.post(address, MutationHttpHandler.PATH, TOKEN, BODY);
    return LoadGenerator.run(address, request, CLIENTS, warmup, measure, MAX_REQUESTS);
  }

  private static LoadGenerator.Run measureBare(byte[] answer, Duration warmup, Duration measure)
      throws IOException, InterruptedException {
    try (BareJdkServer server =
        BareJdkServer.start(MutationHttpHandler.PATH, answer, BareJdkServer.defaultThreads())) {
      InetSocketAddress address = server.address();
      byte[] request = LoadGenerator.post(address, MutationHttpHandler.PATH, TOKEN, BODY);
      return LoadGenerator.run(address, request, CLIENTS, warmup, measure, MAX_REQUESTS);
    }
  }

  /** The demo's answer to the create, so the bare server's fixed answer has the same size. */
  private static byte[] oneAnswer() throws IOException, InterruptedException {
    try (DemoServer demo = DemoServer.start(0, TOKEN)) {
      HttpResponse<byte[]> got =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(demo.baseUrl().resolve(MutationHttpHandler.PATH))
                      .header("Authorization", "Bearer " + TOKEN)
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofByteArray(BODY))
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      if (got.statusCode() != 200) {
        throw new IllegalStateException("the demo answered " + got.statusCode());
      }
      return got.body();
    }
  }

  /** Each consumer's lag, from the Management API ({@code GET /v1/consumers}). */
  static Map<String, Long> lags(URI baseUrl, String token)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> got =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(baseUrl.resolve("/v1/consumers"))
                    .header("Authorization", "Bearer " + token)
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    Map<String, Long> lags = new LinkedHashMap<>();
    for (JsonNode consumer : new ObjectMapper().readTree(got.body()).path("data")) {
      lags.put(consumer.path("id").asText(), consumer.path("lag").asLong(-1));
    }
    return lags;
  }

  static void sleepUntil(long nanoTime) throws InterruptedException {
    for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }
}
