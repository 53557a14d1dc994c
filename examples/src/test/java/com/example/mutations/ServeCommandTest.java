package com.example.mutations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What {@code serve} says: help, bad options, a busy port, its banner, and its shutdown. */
class ServeCommandTest {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

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
  void serveHelp_printsTheHelp() throws Exception {
    assertThat(serve("--help")).isZero();

    assertThat(out.toString(StandardCharsets.UTF_8)).contains("serve [--port N]");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void serveHelp_saysOutsideEditsAreOffByDefault() throws Exception {
    assertThat(serve("--help")).isZero();

    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("--outside-edits-per-minute N")
        .contains("Off (0) by default");
  }

  @Test
  void outsideEditsWithoutANumber_orWithKafka_saySo() throws Exception {
    assertThat(serve("--outside-edits-per-minute", "often")).isEqualTo(2);
    assertThat(serve("--outside-edits-per-minute", "6", "--kafka", "127.0.0.1:9092")).isEqualTo(2);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--outside-edits-per-minute needs a number, got 'often'")
        .contains("--outside-edits-per-minute does not go with --kafka");
  }

  @Test
  void outsideEdits_changeLocalDbWithoutAnyApiCall() throws Exception {
    String paul = "0031U00000Qn2ZVQAZ";
    try (DemoServer server =
        DemoServer.start(
            0,
            "t",
            null,
            1200,
            io.mutationapi.server.ChangeCapture.defaults()
                .withPollInterval(java.time.Duration.ofMillis(100)))) {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!(edited(server, "my-sync-id", paul) && edited(server, "demo", paul))) {
        assertThat(System.nanoTime()).as("edits in local-db within 20 s").isLessThan(until);
        Thread.sleep(20);
      }
    }
  }

  private static boolean edited(DemoServer server, String syncId, String id) {
    return server
        .readContact(syncId, id)
        .map(row -> row.email().matches("paul\\+\\d+@arrakis\\.org"))
        .orElse(false);
  }

  @Test
  void portWithoutANumber_saysSo() throws Exception {
    assertThat(serve("--port")).isEqualTo(2);

    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--port needs a number");
  }

  @Test
  void aBusyPort_isNamed_withoutAStackTrace() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = busy.getLocalPort();

      assertThat(serve("--port", Integer.toString(port))).isEqualTo(1);

      String said = err.toString(StandardCharsets.UTF_8);
      assertThat(said).contains("port " + port + " is in use; try --port N");
      assertThat(said).doesNotContain("Exception").doesNotContain("\tat ");
    }
  }

  @Test
  void aTokenFromTheEnvironment_isNeverPrinted_andSigtermPrintsOneLine() throws Exception {
    List<String> lines = runAndTerminate("env-secret-token-4711");

    assertThat(String.join("\n", lines))
        .contains("token from MUTATION_API_TOKEN")
        .doesNotContain("env-secret-token-4711");
    List<String> afterBanner = lines.subList(indexOf(lines, "Ctrl-C stops") + 1, lines.size());
    assertThat(afterBanner).hasSize(1);
    assertThat(afterBanner.get(0)).startsWith("stopping");
  }

  @Test
  void aGeneratedToken_isPrinted() throws Exception {
    List<String> lines = runAndTerminate(null);

    assertThat(lines).anyMatch(l -> l.matches("token demo_\\S+ \\(generated.*"));
  }

  static int indexOf(List<String> lines, String text) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    throw new AssertionError("no line with '" + text + "' in " + lines);
  }

  /** Runs {@code serve --port 0} in its own JVM until its banner, sends SIGTERM, returns stdout. */
  static List<String> runAndTerminate(String token) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
            ProcessHandle.current().info().command().orElse("java"),
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "serve",
            "--port",
            "0");
    builder.environment().remove("MUTATION_API_TOKEN");
    if (token != null) {
      builder.environment().put("MUTATION_API_TOKEN", token);
    }
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
        if (line.contains("Ctrl-C stops")) {
          process.toHandle().destroy(); // SIGTERM; Process.destroy() would close our pipe
        }
      }
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      process.destroyForcibly();
    }
    return lines;
  }
}
