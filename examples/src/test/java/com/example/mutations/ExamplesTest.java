package com.example.mutations;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.client.MutationClient;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.jetty.MutationHttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs every example's {@code main} against a demo server and checks what it prints. */
class ExamplesTest {
  private static DemoServer server;
  private static String[] args;

  @BeforeAll
  static void startServer() {
    server = DemoServer.start(0, "test-token");
    args = new String[] {server.baseUrl().toString(), server.token()};
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @FunctionalInterface
  interface Program {
    void run() throws Exception;
  }

  /** Runs {@code program} with standard output captured. Tests here run one at a time. */
  static String output(Program program) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      program.run();
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void waitWhereYouReadExample_waitsOnTheMergedToken() throws Exception {
    String out = output(() -> WaitWhereYouReadExample.main(args));

    assertThat(out)
        .containsPattern("wrote 2 contacts without waiting; session token [A-Za-z0-9_-]+\n")
        .containsPattern("blocking: local-db has 003[0-9A-Za-z]{15} and 003[0-9A-Za-z]{15}")
        .contains("async: local-db has both");
  }

  @Test
  void createExample_printsTheNewSalesforceId() throws Exception {
    String out = output(() -> CreateExample.main(args));

    assertThat(out).containsPattern("created 003[0-9A-Za-z]{15}");
    assertThat(out).contains("FirstName=Chani");
  }

  @Test
  void updateAndDeleteExample_patchesThenDeletes() throws Exception {
    String out = output(() -> UpdateAndDeleteExample.main(args));

    assertThat(out).containsPattern("updated 003[0-9A-Za-z]{15} to version \\d+");
    // PATCH semantics: untouched fields stay, the null one is cleared, the new one is set.
    assertThat(out)
        .contains("FirstName=Stilgar")
        .contains("Title=null")
        .contains("Email=stilgar@sietch-tabr.org");
    assertThat(out).containsPattern("deleted 003[0-9A-Za-z]{15}: true");
  }

  @Test
  void awaitConsumersExample_blockingAndAsync() throws Exception {
    String out = output(() -> AwaitConsumersExample.main(args));

    assertThat(out).containsPattern("blocking: local-db has 003");
    assertThat(out).containsPattern("async: local-db has 003");
  }

  @Test
  void consumersTimeoutExample_doesNotRetryTheCreateAndReplaysWithTheSameKey() throws Exception {
    String out = output(() -> ConsumersTimeoutExample.main(args));

    assertThat(out).contains("applied, but still pending: [slow-mirror]");
    assertThat(out).containsPattern("created 003[0-9A-Za-z]{15}; not retrying the create");
    assertThat(out).contains("same key again answers for the same record: true");
  }

  @Test
  void customConsumerExample_indexIsCurrentWhenTheAwaitReturns() throws Exception {
    String out = output(() -> CustomConsumerExample.main(new String[0]));

    assertThat(out).contains("indexed [Alia Atreides, Irulan Corrino]");
  }

  @Test
  void customUpstreamExample_writesThroughTheRestApi() throws Exception {
    try (FakeContactsApi api = new FakeContactsApi()) {
      String out = output(() -> CustomUpstreamExample.main(new String[] {api.baseUrl()}));

      assertThat(out).containsPattern("REST API created ct_\\d+ version 1");
      assertThat(out).contains("cache has it: true");
      assertThat(api.contacts()).hasSize(1);
      assertThat(api.contacts().values().iterator().next()).containsEntry("name", "Duncan Idaho");
    }
  }

  @Test
  void hostTheApiExample_servesAndKeepsTheTableInStep() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:host-the-api-test;DB_CLOSE_DELAY=-1");
    try (MutationServer hosted = HostTheApiExample.build(h2, "host-token");
        MutationClient client =
            MutationClient.builder()
                .baseUrl(
                    "http://127.0.0.1:" + MutationHttpServer.listenOnLoopback(hosted, 0).port())
                .apiToken("host-token")
                .build()) {
      String id =
          client
              .mutations()
              .create("my-sync-id", "salesforce:contact")
              .record(Map.of("LastName", "Fenring"))
              .awaitConsumers("local-db")
              .execute()
              .record()
              .upstreamId();

      try (Connection c = h2.getConnection();
          ResultSet rs =
              c.createStatement()
                  .executeQuery("SELECT count(*) FROM contacts WHERE upstream_id = '" + id + "'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }
  }

  @Test
  void quickstartDemo_readsEveryWriteBackFromTheLocalDatabase() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    new QuickstartDemo(new PrintStream(captured, true, StandardCharsets.UTF_8)).run();
    String out = captured.toString(StandardCharsets.UTF_8);

    assertThat(out)
        .containsPattern(
            "read back from local-db with SQL: 003[0-9A-Za-z]{15} \\| Paul \\| Atreides \\|"
                + " paul@arrakis.org \\| updated_idx=\\d+\n")
        .contains("| paul@caladan.org |")
        .containsPattern("updated_idx=\\d+ \\| deleted")
        .contains(
            "400 upstream_validation_error: Error: Salesforce validation error: `Invalid email`")
        .contains("Error: Timed out waiting for consumers: slow-mirror")
        .contains("the contact WAS created")
        .containsPattern(
            "in local-db after \\d+ ms: 0031U00000Qn2ZVQAZ \\| Paul \\| Atreides \\|"
                + " paul\\+1@arrakis.org \\|")
        .containsPattern("8\\. create a contact without awaiting .*: returned in \\d+ ms\n")
        .containsPattern("consistency_token [A-Za-z0-9_-]+  ConsistencyToken\\[\\d+:\\d+]\n")
        .containsPattern(
            "waits for local-db on the token: \\d+ ms, then reads\n"
                + "   read back from local-db with SQL: 003[0-9A-Za-z]{15} \\| Chani \\| Kynes \\|")
        .doesNotContain("read-your-writes failed")
        .endsWith("done.\n");
    java.util.regex.Matcher created =
        java.util.regex.Pattern.compile(
                "-> created (003[0-9A-Za-z]{15}); returned in \\d+ ms, once the worker acked it")
            .matcher(out);
    assertThat(created.find()).as(out).isTrue();
    assertThat(out)
        .containsPattern(
            "the worker acked \\d+ messages so far .*, " + created.group(1) + " among them");
  }

  @Test
  void main_helpDescribesBothCommands() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        Main.run(
            new String[] {"--help"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err);

    assertThat(status).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("demo").contains("serve [--port N]");
  }

  @Test
  void main_unknownCommandOrBadPort_exitsWith2NamingTheProblem() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

    assertThat(Main.run(new String[] {"dmeo"}, System.out, errStream)).isEqualTo(2);
    assertThat(Main.run(new String[] {"serve", "--port", "x"}, System.out, errStream)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("unknown command 'dmeo'")
        .contains("--port needs a number");
  }
}
