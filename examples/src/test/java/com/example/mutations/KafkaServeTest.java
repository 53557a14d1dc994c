package com.example.mutations;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.MutationResult;
import io.mutationapi.client.MutationClient;
import io.mutationapi.kafka.KafkaConfig;
import io.mutationapi.kafka.KafkaTestCluster;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code serve --kafka}: two demo nodes on one real broker behave as one service, and a broker that
 * is not there is a clear error within the start timeout.
 */
class KafkaServeTest {
  static final String TOKEN = "kafka-serve-token";
  static KafkaTestCluster kafka;

  final List<AutoCloseable> toClose = new ArrayList<>();
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = KafkaTestCluster.shared();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  DemoServer node(KafkaConfig.Builder config, String nodeId, String jdbcUrl) {
    DemoServer node = DemoServer.startOnKafka(0, TOKEN, config.nodeId(nodeId).build(), jdbcUrl);
    toClose.add(node);
    return node;
  }

  MutationClient client(DemoServer node) {
    MutationClient client =
        MutationClient.builder().baseUrl(node.baseUrl().toString()).apiToken(TOKEN).build();
    toClose.add(client);
    return client;
  }

  int serve(String... args) throws InterruptedException {
    String[] all = new String[args.length + 1];
    all[0] = "serve";
    System.arraycopy(args, 0, all, 1, args.length);
    return Main.run(
        all,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void twoNodesOnOneBroker_answerAwaitsOfEitherConsumerOnEitherNode_andShareLocalDb() {
    KafkaConfig.Builder config = kafka.config("serve");
    String shared = "jdbc:h2:mem:kafka-serve-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    DemoServer a = node(config, "node-a", shared);
    DemoServer b = node(config, "node-b", shared);

    for (DemoServer[] pair : new DemoServer[][] {{a, b}, {b, a}}) {
      MutationResult created =
          client(pair[0])
              .mutations()
              .create("my-sync-id", "salesforce:contact")
              .record(Map.of("LastName", "Atreides", "Email", "paul@arrakis.org"))
              .awaitConsumers(List.of("local-db", "slow-mirror"), Duration.ofSeconds(20))
              .execute();

      String id = created.record().upstreamId();
      assertThat(pair[1].readContact("my-sync-id", id))
          .hasValueSatisfying(row -> assertThat(row.email()).isEqualTo("paul@arrakis.org"));
    }
  }

  @Test
  void twoServeKafkaProcesses_onOneBroker_answerAwaitsOnEitherPort() throws Exception {
    List<Process> processes = new ArrayList<>();
    try {
      List<String> urls = new ArrayList<>();
      for (String nodeId : List.of("node-a", "node-b")) {
        Process process = serveProcess("--kafka", kafka.bootstrapServers(), "--node-id", nodeId);
        processes.add(process);
        urls.add(listeningOn(process));
      }
      for (String url : urls) {
        try (MutationClient client =
            MutationClient.builder().baseUrl(url).apiToken(TOKEN).build()) {
          MutationResult created =
              client
                  .mutations()
                  .create("my-sync-id", "salesforce:contact")
                  .record(Map.of("LastName", "Idaho"))
                  .awaitConsumers(List.of("local-db", "slow-mirror"), Duration.ofSeconds(20))
                  .execute();

          assertThat(created.record().upstreamId()).isNotBlank();
        }
      }
    } finally {
      for (Process process : processes) {
        process.toHandle().destroy(); // SIGTERM: the node leaves its groups
      }
      for (Process process : processes) {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    }
  }

  /** Starts {@code serve --port 0 ARGS} in its own JVM with this test's token. */
  static Process serveProcess(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "serve",
                "--port",
                "0"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("MUTATION_API_TOKEN", TOKEN);
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    return builder.start();
  }

  /** Reads the process's banner up to its last line; returns the URL it listens on. */
  static String listeningOn(Process process) throws Exception {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String url = null;
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.startsWith("listening on ")) {
        url = line.substring("listening on ".length());
      }
      if (line.contains("Ctrl-C stops")) {
        return url;
      }
    }
    throw new AssertionError("serve ended before its banner; exit " + process.waitFor());
  }

  @Test
  void twoNodes_neverHandOutOneId() {
    assertThat(DemoServer.idPrefix("node-a", "salesforce:contact"))
        .hasSize(3)
        .isNotEqualTo(DemoServer.idPrefix("node-b", "salesforce:contact"));
  }

  @Test
  void aBrokerThatIsNotThere_isAClearError_withinTheStartTimeout() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    long start = System.nanoTime();

    assertThat(serve("--kafka", "127.0.0.1:" + port, "--port", "0")).isEqualTo(1);

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isLessThan(KafkaServe.START_TIMEOUT.plusSeconds(10));
    String said = err.toString(StandardCharsets.UTF_8);
    assertThat(said)
        .startsWith("error: cannot use Kafka at 127.0.0.1:" + port)
        .contains("is a broker running there?")
        .doesNotContain("\tat ");
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("listening on");
  }

  @Test
  void aBootstrapThatIsNotAnAddress_isAClearError_atOnce() throws Exception {
    assertThat(serve("--kafka", "no-port-here", "--port", "0")).isEqualTo(1);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("error: ")
        .contains("no-port-here")
        .doesNotContain("\tat ");
  }

  @Test
  void kafkaWithoutAValue_orNodeIdWithoutKafka_isAUsageError() throws Exception {
    assertThat(serve("--kafka")).isEqualTo(2);
    assertThat(serve("--node-id", "node-a")).isEqualTo(2);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--kafka needs a value, e.g. --kafka 127.0.0.1:9092")
        .contains("--node-id needs --kafka");
  }

  @Test
  void help_saysWhereTheConsumersRunOnKafka() throws Exception {
    assertThat(serve("--help")).isZero();

    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("serve --kafka BOOTSTRAP")
        .contains("--node-id NAME")
        .contains("--jdbc-url URL")
        .contains("member of each");
  }
}
