package com.example.mutations;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code serve} server's HTTP consumer {@code http-worker}, used as the README shows: a worker
 * long-polls it over plain HTTP and acks what it pulls, and a create awaiting {@code http-worker}
 * returns {@code 200} only once that worker acked it (and times out naming it without a worker).
 */
class HttpWorkerTest {
  private static final String TOKEN = "worker-token";
  private static final Pattern ACK_TOKEN = Pattern.compile("\"ack_token\":\"([^\"]+)\"");
  private static final Pattern UPSTREAM_ID = Pattern.compile("\"upstream_id\":\"([^\"]+)\"");
  private static final HttpClient http = HttpClient.newHttpClient();
  private static DemoServer server;

  @BeforeAll
  static void start() {
    server = DemoServer.start(0, TOKEN);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> post(String path, String json) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> createAwaitingHttpWorker(String lastName, int timeoutMs)
      throws Exception {
    return post(
        "/v1/mutations/run",
        "{\"kind\": \"create\", \"sync_id\": \"my-sync-id\","
            + " \"collection_id\": \"salesforce:contact\","
            + " \"records\": [{\"data\": {\"LastName\": \""
            + lastName
            + "\"}}], \"await_consumer_ids\": [\"http-worker\"],"
            + " \"await_consumers_timeout\": "
            + timeoutMs
            + "}");
  }

  private static List<String> all(Pattern pattern, String text) {
    List<String> found = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  /** A worker as in the README: long-poll, note each record, ack the tokens; until stopped. */
  private static final class Worker implements AutoCloseable {
    final List<String> upstreamIds = new CopyOnWriteArrayList<>();
    final List<Integer> ackStatuses = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread = new Thread(this::run, "http-worker-test");

    Worker() {
      thread.start();
    }

    private void run() {
      while (!stop.get()) {
        try {
          HttpResponse<String> batch =
              post(
                  "/v1/http-consumers/http-worker/next", "{\"batch_size\": 10, \"wait_for\": 500}");
          if (batch.statusCode() != 200) {
            throw new IllegalStateException(batch.statusCode() + " " + batch.body());
          }
          List<String> tokens = all(ACK_TOKEN, batch.body());
          upstreamIds.addAll(all(UPSTREAM_ID, batch.body()));
          if (!tokens.isEmpty()) {
            String list = "[\"" + String.join("\", \"", tokens) + "\"]";
            ackStatuses.add(
                post("/v1/http-consumers/http-worker/ack", "{\"ack_tokens\": " + list + "}")
                    .statusCode());
          }
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      thread.join(TimeUnit.SECONDS.toMillis(10));
    }
  }

  @Test
  void aCreateAwaitingHttpWorker_returns200_onceAWorkerPullingOverHttpAckedIt() throws Exception {
    HttpResponse<String> created;
    try (Worker worker = new Worker()) {
      created = createAwaitingHttpWorker("Harkonnen", 10_000);

      assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
      String upstreamId = all(UPSTREAM_ID, created.body()).get(0);
      assertThat(worker.upstreamIds).contains(upstreamId);
      assertThat(worker.ackStatuses).isNotEmpty().containsOnly(204);
    }
  }

  @Test
  void aCreateAwaitingHttpWorker_withNoWorker_timesOut500_namingIt() throws Exception {
    HttpResponse<String> created = createAwaitingHttpWorker("Nobody", 300);

    assertThat(created.statusCode()).isEqualTo(500);
    assertThat(created.body())
        .contains("\"code\":\"consumers_timeout\"")
        .contains("\"pending_consumer_ids\":[\"http-worker\"]");
  }

  @Test
  void readmeWorkerSnippet_inBashCurlAndJq_acksWhatItPulls_soTheReadmeCreateReturns200()
      throws Exception {
    Assumptions.assumeTrue(onPath("bash") && onPath("curl") && onPath("jq"), "bash, curl, jq");
    List<String> snippets = readmeSnippets();
    Path script = Files.createTempFile("readme-worker", ".sh");
    Files.writeString(script, snippets.get(0).replace("127.0.0.1:8080", authority()));
    ProcessBuilder worker = new ProcessBuilder("bash", script.toString());
    worker.environment().put("MUTATION_API_TOKEN", TOKEN);
    Path printed = Files.createTempFile("readme-worker", ".out");
    worker.redirectErrorStream(true).redirectOutput(printed.toFile());
    Process process = worker.start();
    try {
      ProcessBuilder create =
          new ProcessBuilder("bash", "-c", snippets.get(1).replace("127.0.0.1:8080", authority()));
      create.environment().put("MUTATION_API_TOKEN", TOKEN);
      create.redirectErrorStream(true);
      Process curl = create.start();
      assertThat(curl.waitFor(20, TimeUnit.SECONDS)).isTrue();
      String answer = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(answer).startsWith("{\"records\":").contains("\"LastName\":\"Harkonnen\"");
    } finally {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
      Files.deleteIfExists(script);
    }
    assertThat(Files.readString(printed)).contains("\"data\":{\"LastName\":\"Harkonnen\"}");
    Files.deleteIfExists(printed);
  }

  private static String authority() {
    return "127.0.0.1:" + server.port();
  }

  /** The two bash blocks after "A worker in `curl` and `jq`" in the README: worker, create. */
  private static List<String> readmeSnippets() throws Exception {
    String readme = Files.readString(HostTheApiReadmeTest.README);
    int at = readme.indexOf("A worker in `curl` and `jq`");
    assertThat(at).as("README worker section").isNotNegative();
    List<String> blocks = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      int start = readme.indexOf("```bash\n", at) + "```bash\n".length();
      int end = readme.indexOf("```", start);
      blocks.add(readme.substring(start, end));
      at = end + 3;
    }
    return blocks;
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
