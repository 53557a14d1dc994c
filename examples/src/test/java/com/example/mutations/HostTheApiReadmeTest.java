package com.example.mutations;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.client.MutationClient;
import io.mutationapi.jdbc.JdbcTableConsumer;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.server.spi.Principal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The README's "Host the API" snippet, as written, compiles and serves: the code between the
 * markers below is the README's, apart from the substitutions in {@link #SUBSTITUTIONS} (a token
 * instead of the environment, loopback and a free port instead of 8080); a second test checks that
 * the two have not drifted apart.
 */
class HostTheApiReadmeTest {
  static final Path README = Path.of("../README.md");
  static final Path THIS_FILE =
      Path.of("src/test/java/com/example/mutations/HostTheApiReadmeTest.java");

  /** README text -> the text here. */
  static final Map<String, String> SUBSTITUTIONS =
      Map.of(
          "System.getenv(\"MUTATION_API_TOKEN\")", "\"readme-token\"",
          "MutationHttpServer.listen(server, 8080)",
              "MutationHttpServer.listenOnLoopback(server, 0)",
          "jdbc:h2:mem:app;", "jdbc:h2:mem:readme-app;");

  @Test
  void readmeSnippet_servesAndKeepsTheTableInStep() throws Exception {
    // ---- README "Host the API" starts here ----
    JdbcDataSource dataSource = new JdbcDataSource(); // or your application's connection pool
    dataSource.setURL("jdbc:h2:mem:readme-app;DB_CLOSE_DELAY=-1");
    JdbcTableConsumer contacts =
        JdbcTableConsumer.builder().dataSource(dataSource).table("contacts").build();
    contacts.createTableIfMissing();

    MutationServer server =
        MutationServer.builder()
            .sync("my-sync-id", InMemoryUpstream.create(), "salesforce:contact") // your Upstream
            .consumer("local-db", contacts, "salesforce:contact")
            .bearerToken("readme-token", Principal.of("my-app", "my-sync-id"))
            .build();
    MutationHttpServer http = MutationHttpServer.listenOnLoopback(server, 0);
    System.out.println("listening on " + http.endpoint());
    // ---- README ends here ----

    try (server;
        MutationClient client =
            MutationClient.builder()
                .baseUrl("http://127.0.0.1:" + http.port())
                .apiToken("readme-token")
                .build()) {
      String id =
          client
              .mutations()
              .create("my-sync-id", "salesforce:contact")
              .record(Map.of("LastName", "Atreides"))
              .awaitConsumers("local-db")
              .execute()
              .record()
              .upstreamId();
      try (Connection c = dataSource.getConnection();
          ResultSet rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT upstream_id FROM contacts WHERE upstream_id = '" + id + "'")) {
        assertThat(rs.next()).isTrue();
      }
    }
  }

  @Test
  void readmeSnippet_isTheCodeThisTestRuns() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int section = readme.indexOf("## Host the API");
    Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(block.find(section)).as("a java block in Host the API").isTrue();
    String snippet = block.group(1);
    String source = Files.readString(THIS_FILE, StandardCharsets.UTF_8);

    List<String> imports = snippet.lines().filter(l -> l.startsWith("import ")).toList();
    assertThat(imports).isNotEmpty();
    assertThat(source.lines()).containsAll(imports);

    String code =
        snippet.lines().filter(l -> !l.startsWith("import ")).reduce("", (a, b) -> a + b + "\n");
    for (Map.Entry<String, String> substitution : SUBSTITUTIONS.entrySet()) {
      assertThat(code).contains(substitution.getKey());
      code = code.replace(substitution.getKey(), substitution.getValue());
    }
    int start = source.indexOf("// ---- README \"Host the API\" starts here ----");
    int end = source.indexOf("// ---- README ends here ----");
    String ours = source.substring(source.indexOf('\n', start) + 1, end);
    assertThat(withoutSpace(ours)).isEqualTo(withoutSpace(code));
  }

  static String withoutSpace(String code) {
    return code.replaceAll("\\s+", "");
  }
}
