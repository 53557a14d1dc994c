package io.mutationapi.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.Record;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.server.spi.Principal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's "Pull a consumer from Java" snippet, as written, compiles and works against the
 * embedded server: the code between the markers below is the README's, apart from the shorter long
 * poll in {@link #SUBSTITUTIONS}; a second test checks that the two have not drifted apart.
 */
@Timeout(30)
class PullAConsumerReadmeTest {
  static final Path README = Path.of("../README.md");
  static final Path THIS_FILE =
      Path.of("src/test/java/io/mutationapi/client/PullAConsumerReadmeTest.java");
  static final String SECTION = "### Pull a consumer from Java";

  /** README text -> the text here. */
  static final Map<String, String> SUBSTITUTIONS =
      Map.of("Duration.ofSeconds(20)", "Duration.ofMillis(200)");

  @Test
  void readmeSnippet_pullsAndAcks_soAnAwaitOnTheConsumerCompletes() throws Exception {
    MutationServer server =
        MutationServer.builder()
            .sync("my-sync-id", InMemoryUpstream.create(), "salesforce:contact")
            .httpConsumer("http-worker", "salesforce:contact")
            .bearerToken("readme-token", Principal.of("worker", "my-sync-id"))
            .build();
    MutationHttpServer http = MutationHttpServer.listenOnLoopback(server, 0);
    Map<String, Map<String, Object>> contacts = new ConcurrentHashMap<>();
    try (server;
        MutationClient client =
            MutationClient.builder()
                .baseUrl("http://127.0.0.1:" + http.port())
                .apiToken("readme-token")
                .build()) {
      Thread workerThread =
          new Thread(
              () -> {
                // ---- README "Pull a consumer from Java" starts here ----
                PullConsumer worker = client.consumers("http-worker");
                while (!Thread.currentThread().isInterrupted()) {
                  MessageBatch batch =
                      worker.next(100, Duration.ofMillis(200)); // long poll: up to 20 s
                  for (ConsumerMessage m : batch.messages()) {
                    Record r = m.record(); // as POST /v1/mutations/run answers it
                    contacts.put(
                        r.upstreamId(), r.data()); // your processing; a repeat must be harmless
                  }
                  AckResult acked = worker.ack(batch); // awaits on http-worker complete once acked
                  acked
                      .rejections()
                      .forEach(x -> System.err.println("not acked: " + x)); // e.g. EXPIRED
                }
                // ---- README ends here ----
              },
              "readme-worker");
      workerThread.start();
      try {
        String id =
            client
                .mutations()
                .create("my-sync-id", "salesforce:contact")
                .record(Map.of("LastName", "Atreides"))
                .awaitConsumers(List.of("http-worker"), Duration.ofSeconds(10))
                .execute()
                .record()
                .upstreamId();

        assertThat(contacts.get(id)).containsEntry("LastName", "Atreides");
      } finally {
        workerThread.interrupt();
        workerThread.join(5000);
      }
      assertThat(workerThread.isAlive()).isFalse();
    }
  }

  @Test
  void readmeSnippet_isTheCodeThisTestRuns() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int section = readme.indexOf(SECTION);
    assertThat(section).as(SECTION).isNotNegative();
    Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(block.find(section)).as("a java block in " + SECTION).isTrue();
    String snippet = block.group(1);
    String source = Files.readString(THIS_FILE, StandardCharsets.UTF_8);

    List<String> imports = snippet.lines().filter(l -> l.startsWith("import ")).toList();
    assertThat(imports).isNotEmpty();
    // This test is in the client's package, whose types need no import here.
    assertThat(source.lines())
        .containsAll(
            imports.stream().filter(l -> !l.startsWith("import io.mutationapi.client.")).toList());

    String code =
        snippet.lines().filter(l -> !l.startsWith("import ")).reduce("", (a, b) -> a + b + "\n");
    for (Map.Entry<String, String> substitution : SUBSTITUTIONS.entrySet()) {
      assertThat(code).contains(substitution.getKey());
      code = code.replace(substitution.getKey(), substitution.getValue());
    }
    int start = source.indexOf("// ---- README \"Pull a consumer from Java\" starts here ----");
    int end = source.indexOf("// ---- README ends here ----");
    String ours = source.substring(source.indexOf('\n', start) + 1, end);
    assertThat(withoutSpace(ours)).isEqualTo(withoutSpace(code));
  }

  static String withoutSpace(String code) {
    return code.replaceAll("\\s+", "");
  }
}
