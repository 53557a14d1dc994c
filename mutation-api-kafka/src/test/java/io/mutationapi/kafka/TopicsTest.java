package io.mutationapi.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checking and creating the topics on a real broker. */
class TopicsTest {
  static KafkaTestCluster kafka;
  static Admin admin;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = KafkaTestCluster.shared();
    admin = kafka.admin();
  }

  @AfterAll
  static void closeAdmin() {
    admin.close();
  }

  @Test
  void topicsJustCreated_areDescribedAtOnce_eachTimeOfMany() {
    // Right after a create the broker may not know the topic yet; each round is a fresh topic.
    for (int round = 0; round < 100; round++) {
      KafkaConfig config = kafka.config("ensure").partitions(3).build();

      int created = Topics.ensure(admin, config, StartDeadline.after(config.startTimeout()));
      int again = Topics.ensure(admin, config, StartDeadline.after(Duration.ofSeconds(5)));

      assertThat(created).as("round %d", round).isEqualTo(3);
      assertThat(again).as("round %d", round).isEqualTo(3);
    }
  }
}
