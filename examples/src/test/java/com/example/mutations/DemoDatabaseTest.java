package com.example.mutations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.Record;
import io.mutationapi.jdbc.JdbcTableConsumer;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The demo's in-memory database of {@code local-db}: its tombstones expire, closing drops it. */
class DemoDatabaseTest {
  static final String SYNC = "my-sync-id";

  static Record contact(String id, long idx, Instant at, boolean deleted) {
    return Record.builder()
        .syncId(SYNC)
        .collectionId("salesforce:contact")
        .upstreamId(id)
        .upstreamCreatedAt(at)
        .upstreamUpdatedAt(at)
        .updatedIdx(idx)
        .data(Map.of("LastName", "Idaho"))
        .deleted(deleted)
        .build();
  }

  @Test
  void purgeTombstones_removesRowsOfRecordsDeletedLongerAgoThanTheRetention_only()
      throws SQLException {
    DataSource database = DemoDatabase.inMemory();
    try {
      JdbcTableConsumer table = DemoDatabase.localDb(database);
      table.createTableIfMissing();
      Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
      Instant old = now.minus(Duration.ofMinutes(5));
      table.apply(
          List.of(
              contact("0031U00000000001AAA", 1, old, true),
              contact("0031U00000000002AAA", 2, now, true),
              contact("0031U00000000003AAA", 3, old, false)));

      int purged = DemoDatabase.purgeTombstones(database, Duration.ofMinutes(1));

      assertThat(purged).isEqualTo(1);
      assertThat(DemoDatabase.readContact(database, SYNC, "0031U00000000001AAA")).isEmpty();
      assertThat(DemoDatabase.readContact(database, SYNC, "0031U00000000002AAA"))
          .hasValueSatisfying(row -> assertThat(row.deleted()).isTrue());
      assertThat(DemoDatabase.readContact(database, SYNC, "0031U00000000003AAA")).isPresent();
    } finally {
      DemoDatabase.dropIfInMemory(database);
    }
  }

  @Test
  void dropIfInMemory_closesTheDatabase_soItsRowsDoNotOutliveTheServer() {
    DataSource database = DemoDatabase.inMemory();

    DemoDatabase.dropIfInMemory(database);

    assertThatThrownBy(database::getConnection)
        .isInstanceOfAny(SQLException.class, IllegalStateException.class);
  }
}
