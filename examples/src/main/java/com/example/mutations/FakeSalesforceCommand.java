package com.example.mutations;

import io.mutationapi.testing.salesforce.FakeSalesforce;
import java.io.PrintStream;
import java.net.BindException;
import java.util.concurrent.CountDownLatch;

/**
 * {@code fake-salesforce [--port N]}: runs the fake Salesforce org of {@code mutation-api-testing}
 * on 127.0.0.1 until Ctrl-C, and prints its URL and the client id and secret to export, so that
 * {@code serve --salesforce-url} can be tried without a Salesforce account.
 */
final class FakeSalesforceCommand {
  /** The port the fake listens on unless {@code --port} says otherwise. */
  static final int DEFAULT_PORT = 8081;

  private FakeSalesforceCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
    int port = DEFAULT_PORT;
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--help") || args[i].equals("-h")) {
        help(out);
        return 0;
      } else if (args[i].equals("--port")) {
        if (i + 1 >= args.length) {
          return usage(err, "--port needs a number, e.g. --port " + DEFAULT_PORT);
        }
        try {
          port = Integer.parseInt(args[++i]);
        } catch (NumberFormatException e) {
          return usage(err, "--port needs a number, got '" + args[i] + "'");
        }
        if (port < 0 || port > 65535) {
          return usage(err, "--port must be between 0 and 65535, got " + port);
        }
      } else {
        return usage(err, "unknown option '" + args[i] + "'");
      }
    }
    FakeSalesforce fake;
    try {
      fake = FakeSalesforce.builder().port(port).start();
    } catch (IllegalStateException e) {
      if (hasCause(e, BindException.class)) {
        err.println(
            "error: port "
                + port
                + " is in use; try --port N with another port (0 picks a free one)");
        return 1;
      }
      err.println("error: cannot start the fake Salesforce: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println("stopping the fake Salesforce");
                  out.flush();
                  fake.close();
                  stopped.countDown();
                },
                "fake-salesforce-shutdown"));
    out.println("fake Salesforce listening on " + fake.url());
    out.println("in another shell:");
    out.println("  export SALESFORCE_CLIENT_ID=" + fake.clientId());
    out.println("  export SALESFORCE_CLIENT_SECRET=" + fake.clientSecret());
    out.println(
        "  java -jar examples/target/mutation-api-examples.jar serve --salesforce-url "
            + fake.url());
    out.println("Ctrl-C stops");
    out.flush();
    stopped.await();
    return 0;
  }

  static void help(PrintStream out) {
    out.println("  fake-salesforce [--port N]");
    out.println(
        "                a fake Salesforce org on 127.0.0.1 (default port "
            + DEFAULT_PORT
            + ") for");
    out.println("                serve --salesforce-url; prints the URL and the client id and");
    out.println("                secret to export. Records live in memory until Ctrl-C.");
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static int usage(PrintStream err, String problem) {
    err.println("error: " + problem);
    err.println("usage: java -jar mutation-api-examples.jar fake-salesforce [--port N]");
    return 2;
  }
}
