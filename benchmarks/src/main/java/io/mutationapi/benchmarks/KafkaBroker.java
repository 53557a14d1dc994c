package io.mutationapi.benchmarks;

import io.mutationapi.kafka.KafkaTestCluster;
import java.util.concurrent.CountDownLatch;

/**
 * A Kafka broker to try {@code serve --kafka} by hand on a machine with no Kafka installed: the
 * in-process KRaft broker of the tests ({@link KafkaTestCluster}), on a port of its own choosing on
 * localhost, its data in a temporary directory deleted when it stops. Prints the bootstrap address
 * and runs until Ctrl-C. For trying things only: one node, no security, nothing kept.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.mutationapi.benchmarks.KafkaBroker
 * </pre>
 */
public final class KafkaBroker {
  private KafkaBroker() {}

  /** Starts the broker, prints {@code bootstrap HOST:PORT}, and runs until the JVM is stopped. */
  public static void main(String[] args) throws Exception {
    KafkaTestCluster broker = KafkaTestCluster.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    broker.close();
                  } catch (Exception e) {
                    System.err.println("stopping the broker failed: " + e);
                  }
                  stopped.countDown();
                },
                "kafka-broker-stop"));
    System.out.println("bootstrap " + broker.bootstrapServers());
    System.out.println(
        "serve --kafka " + broker.bootstrapServers() + " on each node; Ctrl-C stops");
    System.out.flush();
    stopped.await();
  }
}
