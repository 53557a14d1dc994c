package com.example.mutations;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.testing.salesforce.FakeSalesforce;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code serve --salesforce-url}: the sync {@code salesforce} against the fake org. */
class ServeSalesforceTest {
  static final HttpClient http = HttpClient.newHttpClient();
  static final String CREATE =
      "{\"kind\":\"create\",\"sync_id\":\"%s\",\"collection_id\":\"salesforce:contact\","
          + "\"records\":[{\"data\":{\"FirstName\":\"Paul\",\"LastName\":\"Atreides\","
          + "\"Email\":\"paul@arrakis.org\"}}],\"await_consumer_ids\":[\"local-db\"]}";

  final FakeSalesforce fake = FakeSalesforce.start();
  DemoServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    fake.close();
  }

  static HttpResponse<String> create(URI baseUrl, String token, String syncId) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/v1/mutations/run"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(String.format(CREATE, syncId)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String upstreamId(String body) {
    Matcher m = Pattern.compile("\"upstream_id\":\"(\\w+)\"").matcher(body);
    assertThat(m.find()).as(body).isTrue();
    return m.group(1);
  }

  @Test
  void withTheFakeOrg_aCreateAwaitingLocalDb_isInSalesforceAndInLocalDb() throws Exception {
    server =
        DemoServer.start(
            0, "t", new DemoServer.SalesforceOrg(fake.url(), fake.clientId(), fake.clientSecret()));

    HttpResponse<String> response = create(server.baseUrl(), "t", "salesforce");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    String id = upstreamId(response.body());
    assertThat(id).startsWith("003").hasSize(18);
    assertThat(fake.record(id).orElseThrow()).containsEntry("LastName", "Atreides");
    DemoServer.Row row = server.readContact("salesforce", id).orElseThrow();
    assertThat(row.lastName()).isEqualTo("Atreides");
    assertThat(row.email()).isEqualTo("paul@arrakis.org");
    assertThat(server.syncIds()).containsExactly("my-sync-id", "demo", "salesforce");
  }

  @Test
  void withTheFakeOrg_recordsSeededAndEditedInTheOrg_arriveInLocalDb() throws Exception {
    String seeded = fake.seed("Contact", Map.of("LastName", "Harkonnen"));
    server =
        DemoServer.start(
            0,
            "t",
            new DemoServer.SalesforceOrg(fake.url(), fake.clientId(), fake.clientSecret()),
            0,
            io.mutationapi.server.ChangeCapture.defaults()
                .withPollInterval(java.time.Duration.ofMillis(100)));

    awaitLastName(seeded, "Harkonnen");
    String created = fake.createAsOtherUser("Contact", Map.of("LastName", "Chani"));
    awaitLastName(created, "Chani");
    fake.updateAsOtherUser(seeded, Map.of("LastName", "Feyd-Rautha"));
    awaitLastName(seeded, "Feyd-Rautha");
    fake.deleteAsOtherUser(created);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!server.readContact("salesforce", created).orElseThrow().deleted()) {
      assertThat(System.nanoTime()).as("the delete in local-db").isLessThan(until);
      Thread.sleep(20);
    }
  }

  private void awaitLastName(String id, String lastName) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!server
        .readContact("salesforce", id)
        .map(r -> r.lastName().equals(lastName))
        .orElse(false)) {
      assertThat(System.nanoTime()).as(id + " as " + lastName + " in local-db").isLessThan(until);
      Thread.sleep(20);
    }
  }

  @Test
  void aWrongUrl_answers502ForThatSyncOnly() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    server =
        DemoServer.start(
            0, "t", new DemoServer.SalesforceOrg("http://127.0.0.1:" + closedPort, "id", "secret"));

    HttpResponse<String> failed = create(server.baseUrl(), "t", "salesforce");
    HttpResponse<String> other = create(server.baseUrl(), "t", "my-sync-id");

    assertThat(failed.statusCode()).isEqualTo(502);
    assertThat(failed.body()).contains("Salesforce authentication failed");
    assertThat(other.statusCode()).isEqualTo(200);
  }

  @Test
  void refusedCredentials_answer502NamingTheRefusal_withoutTheSecret() throws Exception {
    server =
        DemoServer.start(
            0, "t", new DemoServer.SalesforceOrg(fake.url(), fake.clientId(), "wrong-secret-123"));

    HttpResponse<String> failed = create(server.baseUrl(), "t", "salesforce");
    HttpResponse<String> other = create(server.baseUrl(), "t", "demo");

    assertThat(failed.statusCode()).isEqualTo(502);
    assertThat(failed.body())
        .contains("Salesforce authentication failed")
        .contains("invalid_client")
        .doesNotContain("wrong-secret-123");
    assertThat(fake.tokenRequests()).isPositive();
    assertThat(fake.records("Contact")).isEmpty();
    assertThat(other.statusCode()).isEqualTo(200);
  }

  @Test
  void salesforceUrlWithoutCredentialsInTheEnvironment_saysWhichVariables() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        Main.run(
            new String[] {"serve", "--salesforce-url", fake.url()},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("SALESFORCE_CLIENT_ID")
        .contains("SALESFORCE_CLIENT_SECRET");
  }

  @Test
  void serveCommand_withSalesforceUrl_servesTheSalesforceSync() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
            ProcessHandle.current().info().command().orElse("java"),
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "serve",
            "--port",
            "0",
            "--salesforce-url",
            fake.url());
    builder.environment().put("MUTATION_API_TOKEN", "serve-sf-token");
    builder.environment().put("SALESFORCE_CLIENT_ID", fake.clientId());
    builder.environment().put("SALESFORCE_CLIENT_SECRET", fake.clientSecret());
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    List<String> lines = new ArrayList<>();
    int status = -1;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
        if (line.contains("Ctrl-C stops")) {
          Matcher m = Pattern.compile("listening on (\\S+)").matcher(String.join("\n", lines));
          assertThat(m.find()).isTrue();
          status = create(URI.create(m.group(1)), "serve-sf-token", "salesforce").statusCode();
          process.toHandle().destroy();
        }
      }
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      process.destroyForcibly();
    }

    assertThat(status).isEqualTo(200);
    assertThat(lines).anyMatch(l -> l.contains("salesforce]"));
    assertThat(lines).anyMatch(l -> l.contains("sync salesforce writes to the Salesforce org at"));
    assertThat(fake.records("Contact")).hasSize(1);
  }
}
