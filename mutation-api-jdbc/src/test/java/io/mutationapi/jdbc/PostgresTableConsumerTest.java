package io.mutationapi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mutationapi.Record;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The table consumer's contract on a real PostgreSQL server. */
class PostgresTableConsumerTest extends TableConsumerContract {
  @RegisterExtension static final PostgresExtension POSTGRES = new PostgresExtension();

  @Override
  DataSource database() {
    return POSTGRES.dataSource();
  }

  @Override
  SqlDialect dialect() {
    return SqlDialect.POSTGRESQL;
  }

  @Test
  void nulCharacter_whichJsonbCannotHold_isAPoisonRecord() throws SQLException {
    JdbcTableConsumer consumer = created(consumer());
    Record bad = contact("003B", 1, Map.of("Notes", "before\u0000after"));

    PoisonRecordException e =
        catchThrowableOfType(
            PoisonRecordException.class,
            () -> consumer.apply(List.of(contact("003A", 1, name("Ada")), bad)));

    assertThat(e.record()).isSameAs(bad);
    assertThat(e.sqlState()).hasValue("22P05");
    assertThat(e.getMessage()).contains("003B", "a value the column cannot hold");
    assertThat(count()).isZero();
  }

  @Test
  void driverThatRewritesBatchedInserts_stillKeepsTheNewestVersion() throws SQLException {
    // A common production setting: the driver folds a batch into multi-row INSERTs, which
    // PostgreSQL refuses if one statement touches a row twice; the consumer sends each key once.
    db = new RecordingDataSource(POSTGRES.dataSource(Map.of("reWriteBatchedInserts", "true")));
    JdbcTableConsumer consumer = created(consumer());
    List<Record> batch = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      batch.add(contact(String.format("003%05d", i), 1, name("N" + i)));
    }
    batch.add(contact("00300007", 3, name("Newest")));
    batch.add(contact("00300007", 2, name("Older")));

    consumer.apply(batch);
    consumer.apply(batch.subList(0, 10));

    assertThat(count()).isEqualTo(1000);
    assertThat(stored("00300007").data()).isEqualTo(name("Newest"));
    assertThat(stored("00300008").data()).isEqualTo(name("N8"));
  }
}
