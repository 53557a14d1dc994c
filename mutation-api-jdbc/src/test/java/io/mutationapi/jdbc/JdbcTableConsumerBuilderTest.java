package io.mutationapi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.MutationApiException;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcTableConsumerBuilderTest {
  private final DataSource unreachable = new UrlDataSource("jdbc:none:");

  @Test
  void build_withoutDataSource_namesIt() {
    assertThatThrownBy(() -> JdbcTableConsumer.builder().table("contacts").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("dataSource is required: call dataSource(...)");
  }

  @Test
  void build_withoutTable_namesIt() {
    assertThatThrownBy(() -> JdbcTableConsumer.builder().dataSource(unreachable).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("table is required: call table(\"name\")");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "contacts; DROP TABLE users",
        "contacts\"",
        "public.contacts",
        "1contacts",
        "",
        "contäcts",
        "a_name_that_is_far_too_long_for_postgresql_which_cuts_at_63_chars"
      })
  void table_rejectsAnythingButPlainIdentifiers(String name) {
    assertThatThrownBy(() -> JdbcTableConsumer.builder().table(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("table must be a letter or underscore");
    assertThatThrownBy(() -> JdbcTableConsumer.builder().table(name, "contacts"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("schema must be");
  }

  @Test
  void projectedColumn_rejectsInjection() {
    assertThatThrownBy(() -> new ProjectedColumn("Email", "email text); --", ColumnType.TEXT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("column must be");
    assertThatThrownBy(() -> new ProjectedColumn("", "email", ColumnType.TEXT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void projectedColumn_fieldMayBeAnyKey() {
    ProjectedColumn column = new ProjectedColumn("Weird \"key\"; --", "weird", ColumnType.TEXT);

    assertThat(column.field()).isEqualTo("Weird \"key\"; --");
  }

  @Test
  void build_rejectsColumnProjectedTwice_ignoringCase() {
    JdbcTableConsumer.Builder builder =
        JdbcTableConsumer.builder()
            .dataSource(unreachable)
            .table("contacts")
            .project("Email", "email", ColumnType.TEXT)
            .project("Email2", "EMAIL", ColumnType.TEXT);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("column 'EMAIL' is projected twice; project each column once");
  }

  @Test
  void build_rejectsColumnNamedLikeTheTablesOwn() {
    JdbcTableConsumer.Builder builder =
        JdbcTableConsumer.builder()
            .dataSource(unreachable)
            .table("contacts")
            .project("Data", "Data", ColumnType.JSON);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("projected column 'Data' has the name of one of the table's own");
  }

  @Test
  void build_doesNotConnect_andToStringShowsConfiguration() {
    JdbcTableConsumer consumer =
        JdbcTableConsumer.builder()
            .dataSource(unreachable)
            .table("app", "contacts")
            .dialect(SqlDialect.POSTGRESQL)
            .project("Email", "email", ColumnType.TEXT)
            .deletes(DeleteMode.HARD)
            .build();

    assertThat(consumer)
        .hasToString(
            "JdbcTableConsumer{table=app.contacts, dialect=POSTGRESQL, projected=[email],"
                + " deletes=HARD}");
    assertThat(consumer.createTableStatements().get(0))
        .startsWith("CREATE TABLE IF NOT EXISTS \"app\".\"contacts\" (");
  }

  @Test
  void toBuilder_keepsConfiguration() {
    JdbcTableConsumer consumer =
        JdbcTableConsumer.builder()
            .dataSource(unreachable)
            .table("contacts")
            .dialect(SqlDialect.H2)
            .build();

    assertThat(consumer.toBuilder().table("leads").build().toString())
        .isEqualTo("JdbcTableConsumer{table=leads, dialect=H2, projected=[], deletes=SOFT}");
  }

  @Test
  void createTableStatements_withoutDialect_detectsIt_andReportsUnreachableDatabase() {
    JdbcTableConsumer consumer =
        JdbcTableConsumer.builder().dataSource(unreachable).table("contacts").build();

    assertThatThrownBy(consumer::createTableStatements)
        .isInstanceOf(TableWriteException.class)
        .hasMessageStartingWith("detecting the database of table contacts failed");
  }

  @Test
  void createTableIfMissing_whenTheDatabaseIsUnreachable_throwsAMutationApiException() {
    JdbcTableConsumer consumer =
        JdbcTableConsumer.builder().dataSource(unreachable).table("contacts").build();

    assertThatThrownBy(consumer::createTableIfMissing)
        .isInstanceOf(TableWriteException.class)
        .isInstanceOf(MutationApiException.class)
        .hasMessageStartingWith("creating table contacts failed");
  }

  @Test
  void timeoutsAndDeadLetterBounds_areChecked() {
    JdbcTableConsumer.Builder b = JdbcTableConsumer.builder();
    assertThatThrownBy(() -> b.lockTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lockTimeout must be at least 1 ms: PT0S");
    assertThatThrownBy(() -> b.statementTimeout(Duration.ofNanos(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("statementTimeout must be at least 1 ms");
    assertThatThrownBy(() -> b.retryConflictsFor(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.deadLetterAfter(0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1 attempt");
    assertThatThrownBy(() -> b.deadLetterTable("x; drop"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void build_whenTheDeadLetterNameWouldBeTooLong_namesTheFix() {
    String table = "t".repeat(60);
    assertThatThrownBy(
            () -> JdbcTableConsumer.builder().dataSource(unreachable).table(table).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("call deadLetterTable(");
    assertThat(
            JdbcTableConsumer.builder()
                .dataSource(unreachable)
                .table(table)
                .deadLetterTable("dead")
                .dialect(SqlDialect.POSTGRESQL)
                .build()
                .createTableStatements())
        .last()
        .asString()
        .startsWith("CREATE TABLE IF NOT EXISTS \"dead\"");
  }

  @Test
  void toBuilder_keepsTheNewSettings() {
    JdbcTableConsumer consumer =
        JdbcTableConsumer.builder()
            .dataSource(unreachable)
            .table("contacts")
            .dialect(SqlDialect.POSTGRESQL)
            .deadLetterTable("poison")
            .build();

    assertThat(consumer.toBuilder().build().createTableStatements().get(1)).contains("\"poison\"");
    assertThat(consumer.health().isClean()).isTrue();
  }
}
