package io.mutationapi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableSqlTest {
  private static final List<ProjectedColumn> EMAIL =
      List.of(new ProjectedColumn("Email", "Email", ColumnType.TEXT));

  @Test
  void postgres_foldsToLowerCaseAndQuotes() {
    TableSql sql = new TableSql(SqlDialect.POSTGRESQL, "App", "Contacts", EMAIL);

    assertThat(sql.table).isEqualTo("\"app\".\"contacts\"");
    assertThat(sql.createTable.get(0))
        .isEqualTo(
            "CREATE TABLE IF NOT EXISTS \"app\".\"contacts\" (\n"
                + "  \"sync_id\" text NOT NULL,\n"
                + "  \"collection_id\" text NOT NULL,\n"
                + "  \"upstream_id\" text NOT NULL,\n"
                + "  \"data\" jsonb NOT NULL,\n"
                + "  \"deleted\" boolean NOT NULL,\n"
                + "  \"updated_idx\" bigint NOT NULL,\n"
                + "  \"upstream_updated_at\" timestamptz NOT NULL,\n"
                + "  \"upstream_created_at\" timestamptz,\n"
                + "  \"email\" text,\n"
                + "  PRIMARY KEY (\"sync_id\", \"collection_id\", \"upstream_id\")\n"
                + ")");
  }

  @Test
  void postgres_upsertIsGuardedByUpdatedIdx() {
    TableSql sql = new TableSql(SqlDialect.POSTGRESQL, null, "contacts", EMAIL);

    assertThat(sql.upsert)
        .startsWith("INSERT INTO \"contacts\" AS t (")
        .contains("ON CONFLICT (\"sync_id\", \"collection_id\", \"upstream_id\") DO UPDATE SET")
        .contains("\"email\" = EXCLUDED.\"email\"")
        .contains(
            "\"upstream_created_at\" = COALESCE(EXCLUDED.\"upstream_created_at\","
                + " t.\"upstream_created_at\")")
        .endsWith("WHERE t.\"updated_idx\" < EXCLUDED.\"updated_idx\"");
    assertThat(sql.markDeleted).doesNotContain("\"data\" = ").doesNotContain("\"email\" = ");
    assertThat(sql.hardDelete)
        .isEqualTo(
            "DELETE FROM \"contacts\" WHERE \"sync_id\" = ? AND \"collection_id\" = ? AND"
                + " \"upstream_id\" = ? AND \"updated_idx\" < ?");
  }

  @Test
  void h2_foldsToUpperCase_andMergesWithAGuard() {
    TableSql sql = new TableSql(SqlDialect.H2, null, "contacts", EMAIL);

    assertThat(sql.createTable.get(0))
        .contains("\"DATA\" JSON NOT NULL", "\"EMAIL\" CHARACTER VARYING,");
    assertThat(sql.upsert)
        .startsWith("MERGE INTO \"CONTACTS\" t USING (VALUES (CAST(? AS CHARACTER VARYING),")
        .contains("WHEN MATCHED AND t.\"UPDATED_IDX\" < s.\"UPDATED_IDX\" THEN UPDATE SET")
        .contains("WHEN NOT MATCHED THEN INSERT");
  }

  @Test
  void everyPlaceholderIsABindParameter() {
    TableSql sql = new TableSql(SqlDialect.POSTGRESQL, null, "contacts", EMAIL);

    assertThat(sql.upsert.chars().filter(c -> c == '?').count()).isEqualTo(9);
    assertThat(sql.hardDelete.chars().filter(c -> c == '?').count()).isEqualTo(4);
  }
}
