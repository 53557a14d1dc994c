package io.mutationapi.kafka;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the {@linkplain KafkaTestCluster#shared() shared} broker when the test run ends. Registered
 * in {@code META-INF/services}, so it travels with the test-jar.
 */
public final class KafkaTestClusterSession implements LauncherSessionListener {
  /** Called by the JUnit launcher. */
  public KafkaTestClusterSession() {}

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    try {
      KafkaTestCluster.closeShared();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the shared Kafka test cluster", e);
    }
  }
}
