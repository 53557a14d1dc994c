package com.example.mutations;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The examples jar: {@code demo} (the default) runs the quickstart demo; {@code serve} keeps the
 * demo server running for curl and clients in any language; {@code fake-salesforce} runs a fake
 * Salesforce org for {@code serve --salesforce-url}.
 */
public final class Main {
  private Main() {}

  /** Runs the command named by {@code args}. */
  public static void main(String[] args) throws InterruptedException {
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
    return run(args, out, err, System.getenv());
  }

  static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env)
      throws InterruptedException {
    String command = args.length == 0 ? "demo" : args[0];
    switch (command) {
      case "demo":
        if (args.length > 1) {
          return usage(err, "demo takes no arguments");
        }
        new QuickstartDemo(out).run();
        return 0;
      case "serve":
        return serve(args, out, err, env);
      case "fake-salesforce":
        return FakeSalesforceCommand.run(args, out, err);
      case "--help":
      case "-h":
      case "help":
        help(out);
        return 0;
      default:
        return usage(err, "unknown command '" + command + "'");
    }
  }

  private static int serve(String[] args, PrintStream out, PrintStream err, Map<String, String> env)
      throws InterruptedException {
    int port = 8080;
    String salesforceUrl = null;
    String kafka = null;
    String nodeId = null;
    String jdbcUrl = null;
    int outsideEdits = 0;
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--help") || args[i].equals("-h")) {
        help(out);
        return 0;
      } else if (args[i].equals("--port")) {
        if (i + 1 >= args.length) {
          return usage(err, "--port needs a number, e.g. --port 8080");
        }
        try {
          port = Integer.parseInt(args[++i]);
        } catch (NumberFormatException e) {
          return usage(err, "--port needs a number, got '" + args[i] + "'");
        }
        if (port < 0 || port > 65535) {
          return usage(err, "--port must be between 0 and 65535, got " + port);
        }
      } else if (args[i].equals("--kafka")
          || args[i].equals("--node-id")
          || args[i].equals("--jdbc-url")) {
        String option = args[i];
        if (i + 1 >= args.length || args[i + 1].isBlank() || args[i + 1].startsWith("--")) {
          return usage(
              err, option + " needs a value, e.g. " + option + " " + KafkaServe.example(option));
        }
        String value = args[++i];
        switch (option) {
          case "--kafka" -> kafka = value;
          case "--node-id" -> nodeId = value;
          default -> jdbcUrl = value;
        }
      } else if (args[i].equals("--salesforce-url")) {
        if (i + 1 >= args.length) {
          return usage(
              err, "--salesforce-url needs a URL, e.g. --salesforce-url http://127.0.0.1:8081");
        }
        salesforceUrl = args[++i];
      } else if (args[i].equals("--outside-edits-per-minute")) {
        String example = "e.g. --outside-edits-per-minute 6";
        if (i + 1 >= args.length) {
          return usage(err, "--outside-edits-per-minute needs a number, " + example);
        }
        try {
          outsideEdits = Integer.parseInt(args[++i]);
        } catch (NumberFormatException e) {
          return usage(err, "--outside-edits-per-minute needs a number, got '" + args[i] + "'");
        }
        if (outsideEdits < 0 || outsideEdits > 6000) {
          return usage(err, "--outside-edits-per-minute must be 0 to 6000, got " + outsideEdits);
        }
      } else {
        return usage(err, "unknown option '" + args[i] + "'");
      }
    }
    DemoServer.SalesforceOrg salesforce = null;
    if (salesforceUrl != null) {
      String clientId = env.get("SALESFORCE_CLIENT_ID");
      String clientSecret = env.get("SALESFORCE_CLIENT_SECRET");
      if (clientId == null
          || clientId.isBlank()
          || clientSecret == null
          || clientSecret.isBlank()) {
        return usage(
            err,
            "--salesforce-url needs the connected app's credentials in SALESFORCE_CLIENT_ID and"
                + " SALESFORCE_CLIENT_SECRET");
      }
      salesforce = new DemoServer.SalesforceOrg(salesforceUrl, clientId, clientSecret);
    }
    if (kafka != null && outsideEdits > 0) {
      return usage(err, "--outside-edits-per-minute does not go with --kafka");
    }
    if (kafka == null && (nodeId != null || jdbcUrl != null)) {
      return usage(err, (nodeId != null ? "--node-id" : "--jdbc-url") + " needs --kafka");
    }
    if (kafka != null) {
      // Kafka's clients warn once a second while a broker is away; the demo says it once itself.
      System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
      // The stream's own lines name the node (--node-id): started, consumers here, failures.
      System.setProperty("org.slf4j.simpleLogger.log.io.mutationapi.kafka", "info");
    }
    // One log line per request while serving; the demo keeps quiet.
    System.setProperty(
        "org.slf4j.simpleLogger.log.io.mutationapi.server.http.MutationHttpHandler", "info");
    String token = env.get("MUTATION_API_TOKEN");
    boolean tokenFromEnvironment = token != null && !token.isBlank();
    DemoServer server;
    try {
      server =
          kafka == null
              ? DemoServer.start(port, token, salesforce, outsideEdits)
              : KafkaServe.start(port, token, kafka, nodeId, jdbcUrl, salesforce);
    } catch (KafkaServe.StartFailure e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (IllegalStateException e) {
      return usage(err, "--salesforce-url: " + e.getMessage());
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof BindException) {
        err.println(
            "error: port "
                + port
                + " is in use; try --port N with another port (0 picks a free one)");
        return 1;
      }
      err.println("error: cannot listen on port " + port + ": " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println("stopping: requests in flight may finish, new ones are refused");
                  out.flush();
                  server.close();
                  stopped.countDown();
                },
                "demo-server-shutdown"));
    out.println("listening on " + server.baseUrl());
    // A token from the environment is the caller's secret: never print it.
    out.println(
        tokenFromEnvironment
            ? "token from MUTATION_API_TOKEN"
            : "token " + server.token() + " (generated; set MUTATION_API_TOKEN to choose one)");
    out.println("syncs " + server.syncIds() + ", collections " + DemoServer.COLLECTIONS);
    if (salesforce != null) {
      // Nothing is sent before the first request: a refused login shows up as 502s and a log line.
      out.println(
          "sync salesforce writes to the Salesforce org at "
              + salesforce.url()
              + " (client id from SALESFORCE_CLIENT_ID)"
              + (kafka == null ? "; its changes made in the org arrive in local-db" : ""));
    }
    if (outsideEdits > 0) {
      out.println(
          "outside edits: "
              + outsideEdits
              + " a minute to the seeded contacts of "
              + DemoServer.SYNC_IDS
              + ", captured into local-db by polls");
    }
    if (kafka != null) {
      out.println(KafkaServe.banner(kafka, nodeId, jdbcUrl));
    }
    out.println(
        "consumers [local-db, slow-mirror, "
            + DemoServer.HTTP_WORKER
            + " (HTTP: pull POST /v1/http-consumers/"
            + DemoServer.HTTP_WORKER
            + "/next)]; Ctrl-C stops");
    out.flush();
    stopped.await();
    return 0;
  }

  private static void help(PrintStream out) {
    out.println(
        "usage: java -jar mutation-api-examples.jar [demo | serve [--port N] [--salesforce-url URL]"
            + " | fake-salesforce [--port N] | --help]");
    out.println("       java -jar mutation-api-examples.jar serve [--outside-edits-per-minute N]");
    out.println(
        "       java -jar mutation-api-examples.jar serve --kafka BOOTSTRAP [--node-id NAME]"
            + " [--jdbc-url URL] [--port N]");
    out.println();
    out.println("  demo          (default) start an embedded server, create, update and delete a");
    out.println("                contact awaiting the consumer local-db, read each change back");
    out.println("                from the local database, then show a validation error and an");
    out.println("                await timeout, then a worker acking http-worker while a create");
    out.println("                awaits it. Exits when done.");
    out.println("  serve         keep the demo server running on 127.0.0.1 (default port 8080)");
    out.println("                for curl and clients in any language. The bearer token is");
    out.println("                MUTATION_API_TOKEN, or a generated one that is printed.");
    out.println("                Syncs my-sync-id and demo; collections salesforce:contact,");
    out.println("                salesforce:task, salesforce:account; consumers local-db (fast)");
    out.println("                and slow-mirror (about 2 s per batch); HTTP consumer");
    out.println("                http-worker, which workers pull over HTTP (POST");
    out.println("                /v1/http-consumers/http-worker/next, then /ack): ack_wait_ms");
    out.println("                10000, max_ack_pending 1000, max_deliver 5, deliver_policy all.");
    out.println("    --salesforce-url URL");
    out.println("                also serve the sync salesforce, whose three collections go to");
    out.println("                the Salesforce org at URL (its My Domain login URL, or the URL");
    out.println("                fake-salesforce prints). The connected app's credentials come");
    out.println("                from SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET. A wrong");
    out.println("                URL or refused credentials answer that sync's requests with 502");
    out.println("                and a log line; the rest keeps working. Without --kafka, the");
    out.println("                sync also backfills and polls the org (every 5 s), so records");
    out.println("                edited in Salesforce itself arrive in local-db.");
    out.println("    --outside-edits-per-minute N");
    out.println("                edit a seeded contact of my-sync-id or demo N times a minute in");
    out.println("                all, as a sales rep would in Salesforce (bypassing the API), and");
    out.println("                poll those syncs (every 5 s), so local-db changes without any");
    out.println("                API call. Off (0) by default; not with --kafka.");
    FakeSalesforceCommand.help(out);
    out.println();
    KafkaServe.help(out);
    out.println();
    out.println("example, with serve running:");
    out.println("  curl -s http://127.0.0.1:8080/v1/mutations/run \\");
    out.println("    -H \"Authorization: Bearer $MUTATION_API_TOKEN\" \\");
    out.println("    -H 'Content-Type: application/json' \\");
    out.println(
        "    -d '{\"kind\":\"create\",\"sync_id\":\"my-sync-id\","
            + "\"collection_id\":\"salesforce:contact\",");
    out.println(
        "         \"records\":[{\"data\":{\"LastName\":\"Atreides\"}}],"
            + "\"await_consumer_ids\":[\"local-db\"]}'");
  }

  private static int usage(PrintStream err, String problem) {
    err.println("error: " + problem);
    err.println(
        "usage: java -jar mutation-api-examples.jar [demo | serve [--port N] [--salesforce-url URL]"
            + " | fake-salesforce [--port N] | --help]");
    return 2;
  }
}
