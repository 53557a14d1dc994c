package io.mutationapi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mutationapi.Record;
import java.sql.SQLException;
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
}
