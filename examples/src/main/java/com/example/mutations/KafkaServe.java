package com.example.mutations;

import io.mutationapi.kafka.KafkaConfig;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * {@code serve --kafka}: the demo server as one node of a service on Kafka. Every node runs {@code
 * local-db} and {@code slow-mirror} as a member of each one's consumer group; an await on any node
 * completes once the group has processed the record, on whichever node. See {@link
 * DemoServer#startOnKafka} for where the data lives.
 */
final class KafkaServe {
  /** How long a node waits for Kafka at start before it gives up with an error. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private KafkaServe() {}

  /** Kafka could not be used, or the options do not fit together: the message says which. */
  static final class StartFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StartFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Starts one node on the loopback interface.
   *
   * @param nodeId the name of this node in Kafka's client ids and the logs, or null for {@code
   *     node-PID}
   * @param jdbcUrl the database {@code local-db} shares with the other nodes, or null for one in
   *     this node's memory
   * @param salesforce the org of the sync {@code salesforce} ({@code --salesforce-url}), or null
   * @throws StartFailure if Kafka is unreachable within {@link #START_TIMEOUT}, its address is
   *     invalid, or {@code jdbcUrl} is not an H2 or PostgreSQL URL
   * @throws UncheckedIOException if the port cannot be bound
   */
  static DemoServer start(
      int port,
      String token,
      String kafka,
      String nodeId,
      String jdbcUrl,
      DemoServer.SalesforceOrg salesforce) {
    KafkaConfig config;
    try {
      config =
          KafkaConfig.builder(kafka)
              .nodeId(nodeId != null ? nodeId : defaultNodeId())
              .startTimeout(START_TIMEOUT)
              .build();
    } catch (IllegalArgumentException e) {
      throw new StartFailure("--kafka " + kafka + ": " + e.getMessage(), e);
    }
    try {
      return DemoServer.startOnKafka(port, token, config, jdbcUrl, salesforce);
    } catch (UncheckedIOException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new StartFailure(e.getMessage(), e);
    } catch (IllegalStateException e) {
      throw new StartFailure(
          "cannot use Kafka at "
              + kafka
              + " (waited up to "
              + START_TIMEOUT.toSeconds()
              + " s); is a broker running there? "
              + e.getMessage(),
          e);
    } catch (RuntimeException e) {
      throw new StartFailure("cannot use Kafka at " + kafka + ": " + rootMessage(e), e);
    }
  }

  /** The banner line of a node: its name, its broker, and where {@code local-db} writes. */
  static String banner(String kafka, String nodeId, String jdbcUrl) {
    return "node "
        + (nodeId != null ? nodeId : defaultNodeId())
        + " on kafka "
        + kafka
        + "; local-db and slow-mirror run here as group members; local-db writes "
        + (jdbcUrl != null
            ? DemoServer.redact(jdbcUrl) + " (shared)"
            : "this node's memory (only the partitions this node processes)");
  }

  /** The {@code --help} text of the Kafka options. */
  static void help(PrintStream out) {
    out.println("  serve --kafka BOOTSTRAP   one node of a service on Kafka (e.g. --kafka");
    out.println("                127.0.0.1:9092): changes go to topic mutation-api-changes, and");
    out.println("                every node runs local-db and slow-mirror as a member of each");
    out.println("                one's consumer group (Kafka splits the partitions among the");
    out.println("                nodes). A create on any node awaiting local-db or slow-mirror");
    out.println("                answers once the group has processed it, on whichever node.");
    out.println("                Start two on two ports with the same MUTATION_API_TOKEN.");
    out.println("    --node-id NAME   names the node in Kafka client ids and logs");
    out.println("    --jdbc-url URL   the database local-db writes, shared by the nodes:");
    out.println("                jdbc:h2:/tmp/mutation-demo;AUTO_SERVER=TRUE (a file any local");
    out.println("                process opens) or jdbc:postgresql://HOST/DB?user=U&password=P");
    out.println("                (which also shares the idempotency keys). Without it each node");
    out.println("                keeps the rows of its own partitions in memory.");
    out.println("                Each node's upstream is its own in-memory fake of Salesforce:");
    out.println("                update and delete a record on the node that created it.");
  }

  /** An example value of a Kafka option, for the error that says it lacks one. */
  static String example(String option) {
    switch (option) {
      case "--kafka":
        return "127.0.0.1:9092";
      case "--node-id":
        return "node-a";
      default:
        return "'jdbc:h2:/tmp/mutation-demo;AUTO_SERVER=TRUE'";
    }
  }

  private static String defaultNodeId() {
    return "node-" + ProcessHandle.current().pid();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e || root.getMessage() == null
        ? String.valueOf(e.getMessage())
        : e.getMessage() + ": " + root.getMessage();
  }
}
