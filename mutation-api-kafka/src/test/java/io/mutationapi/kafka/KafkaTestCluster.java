package io.mutationapi.kafka;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka broker in this JVM (KRaft, one combined broker and controller, from {@code
 * kafka-test-common-runtime}), on ports of its own choosing on localhost, its logs in a temporary
 * directory deleted on close. Use the {@link #shared} one (started once per JVM) and give each test
 * its own topics and group ids with {@link #config}; {@link #start} one of your own only to stop
 * it.
 *
 * <pre>{@code
 * static KafkaTestCluster kafka;
 * @BeforeAll static void startKafka() throws Exception { kafka = KafkaTestCluster.shared(); }
 * ...
 * KafkaConfig config = kafka.config("my-test").build();
 * }</pre>
 *
 * <p>The broker rebalances groups at once (no initial delay) and accepts session timeouts from 1 s,
 * so tests of rebalancing and of members that die run in seconds. Published as the test-jar of
 * {@code mutation-api-kafka} for other modules' tests.
 */
public final class KafkaTestCluster implements AutoCloseable {
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static KafkaTestCluster shared;
  private final KafkaClusterTestKit cluster;

  private KafkaTestCluster(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /**
   * Returns the cluster shared by every test class of this JVM, starting it on the first call: one
   * broker start (some seconds) for a whole test run. {@link KafkaTestClusterSession} stops it when
   * the test run ends, before the JVM exits (a broker still writing while the JVM deletes its
   * directory would fail the run). Tests that stop the broker must {@link #start} their own.
   */
  public static synchronized KafkaTestCluster shared() throws Exception {
    if (shared == null) {
      shared = start();
    }
    return shared;
  }

  /** Stops the shared cluster, if one was started. */
  static synchronized void closeShared() throws Exception {
    if (shared != null) {
      shared.close();
      shared = null;
    }
  }

  /** Starts a one-node cluster and waits until its broker is ready. */
  public static KafkaTestCluster start() throws Exception {
    KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp("group.min.session.timeout.ms", "1000")
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "4")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("auto.create.topics.enable", "false")
            .build();
    try {
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
    return new KafkaTestCluster(cluster);
  }

  /** Returns the broker's bootstrap servers, e.g. {@code localhost:40123}. */
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /**
   * Returns a configuration on this broker whose topics and group ids are new (named after {@code
   * name} and a counter), with 4 partitions, replication 1, short retries and start timeout.
   */
  public KafkaConfig.Builder config(String name) {
    String prefix = name + "-" + NAMES.incrementAndGet();
    return KafkaConfig.builder(bootstrapServers())
        .topic(prefix + "-changes")
        .progressTopic(prefix + "-progress")
        .groupIdPrefix(prefix + "-")
        .partitions(4)
        .replicationFactor(1)
        .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
        .startTimeout(Duration.ofSeconds(20));
  }

  /** Returns a new admin client of this broker; the caller closes it. */
  public Admin admin() {
    return cluster.admin();
  }

  /** Stops the broker and deletes its data. */
  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
