package io.mutationapi.kafka;

import static io.mutationapi.kafka.KafkaChangeStreamTest.CONTACT;
import static io.mutationapi.kafka.KafkaChangeStreamTest.SYNC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.jdbc.ColumnType;
import io.mutationapi.jdbc.JdbcTableConsumer;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SQL table consumer, unchanged, in a worker across the Kafka hop: a request on a server node
 * returns when its row can be read, and a row the database refuses is answered {@code
 * record_not_applied} on the node.
 */
class KafkaTableConsumerTest {
  final JdbcDataSource db = new JdbcDataSource();
  MutationServer server;
  KafkaConsumerRunner worker;

  @BeforeEach
  void start() throws Exception {
    db.setURL("jdbc:h2:mem:kafka-table;DB_CLOSE_DELAY=-1");
    JdbcTableConsumer table =
        JdbcTableConsumer.builder()
            .dataSource(db)
            .table("kafka_contacts")
            .project("Age", "age", ColumnType.BIGINT)
            .build();
    table.createTableIfMissing();
    KafkaConfig config = KafkaTestCluster.shared().config("table").build();
    server =
        MutationServer.builder()
            .sync(SYNC, InMemoryUpstream.create(), CONTACT)
            .consumer("local-db", RemoteConsumer.create(), CONTACT)
            .stream(KafkaChangeStream.create(config))
            .insecureNoAuthentication()
            .build();
    worker = KafkaConsumerRunner.builder(config).consumer("local-db", table, CONTACT).build();
    worker.start();
  }

  @AfterEach
  void stop() {
    worker.close();
    server.close();
  }

  @Test
  void createAwaitingTheTableInAWorker_isReadableFromTheTableWhenItReturns() throws Exception {
    Record created = success(run(Map.of("Name", "Alia", "Age", 4)));

    assertThat(age(created.upstreamId())).isEqualTo(4L);
  }

  @Test
  void rowTheDatabaseRefuses_isAnsweredRecordNotApplied_onTheServerNode() throws Exception {
    MutationOutcome refused = run(Map.of("Name", "Paul", "Age", "fifteen"));

    MutationError error = ((MutationOutcome.Failure) refused).error();
    assertThat(error.code()).contains(ErrorCode.RECORD_NOT_APPLIED);
    assertThat(error.message()).contains("local-db", "'Age'").doesNotContain("fifteen");
    Record good = success(run(Map.of("Name", "Alia", "Age", 4)));
    assertThat(age(good.upstreamId())).isEqualTo(4L);
  }

  private MutationOutcome run(Map<String, ?> data) {
    return server
        .service()
        .run(
            MutationRequest.create(SYNC, CONTACT)
                .record(data)
                .awaitConsumers(List.of("local-db"), Duration.ofSeconds(20))
                .build(),
            Principal.ANONYMOUS)
        .toCompletableFuture()
        .orTimeout(30, TimeUnit.SECONDS)
        .join();
  }

  private static Record success(MutationOutcome outcome) {
    assertThat(outcome).isInstanceOf(MutationOutcome.Success.class);
    return ((MutationOutcome.Success) outcome).result().record();
  }

  /** The row's age as an application reads it: plain SQL, a connection of its own. */
  private Long age(String upstreamId) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT age FROM kafka_contacts WHERE upstream_id = ?")) {
      ps.setString(1, upstreamId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }
}
