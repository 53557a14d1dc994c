package com.example.mutations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What {@code fake-salesforce} says and serves. */
class FakeSalesforceCommandTest {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String... args) throws InterruptedException {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void portWithoutANumber_saysSo() throws Exception {
    assertThat(run("fake-salesforce", "--port")).isEqualTo(2);

    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--port needs a number");
  }

  @Test
  void aBusyPort_isNamed_withoutAStackTrace() throws Exception {
    try (java.net.ServerSocket busy =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int port = busy.getLocalPort();

      assertThat(run("fake-salesforce", "--port", Integer.toString(port))).isEqualTo(1);

      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains("port " + port + " is in use")
          .doesNotContain("Exception");
    }
  }

  @Test
  void help_namesTheCommand() throws Exception {
    assertThat(run("--help")).isZero();

    assertThat(out.toString(StandardCharsets.UTF_8)).contains("fake-salesforce [--port N]");
  }

  @Test
  void fakeSalesforce_printsUrlAndCredentials_thatIssueATokenThere() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
            ProcessHandle.current().info().command().orElse("java"),
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "fake-salesforce",
            "--port",
            "0");
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    List<String> lines = new ArrayList<>();
    int tokenStatus = -1;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
        if (line.contains("Ctrl-C stops")) {
          tokenStatus = tokenStatus(String.join("\n", lines));
          process.toHandle().destroy();
        }
      }
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      process.destroyForcibly();
    }

    assertThat(tokenStatus).isEqualTo(200);
    assertThat(lines).anyMatch(l -> l.contains("serve --salesforce-url http://127.0.0.1:"));
    assertThat(lines).contains("POST /services/oauth2/token -> 200");
    assertThat(lines.get(lines.size() - 1)).startsWith("stopping");
  }

  /** Asks the printed URL for a token with the printed credentials. */
  private static int tokenStatus(String banner) throws Exception {
    String url = find(banner, "listening on (\\S+)");
    String id = find(banner, "SALESFORCE_CLIENT_ID=(\\S+)");
    String secret = find(banner, "SALESFORCE_CLIENT_SECRET=(\\S+)");
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url + "/services/oauth2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "grant_type=client_credentials&client_id="
                                + id
                                + "&client_secret="
                                + secret))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return response.statusCode();
  }

  private static String find(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("%s in %s", regex, text).isTrue();
    return m.group(1);
  }
}
