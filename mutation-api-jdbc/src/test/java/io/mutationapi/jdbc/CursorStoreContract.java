package io.mutationapi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The contract of {@link JdbcCursorStore}, run on each database. */
abstract class CursorStoreContract {
  abstract DataSource database();

  JdbcCursorStore created(String table) throws SQLException {
    JdbcCursorStore store = JdbcCursorStore.create(database(), table);
    store.createTableIfNotExists();
    store.createTableIfNotExists(); // twice is fine
    return store;
  }

  @Test
  void load_whenNothingSaved_isEmpty() throws SQLException {
    assertThat(created("cursors_empty").load("s", "c")).isEmpty();
  }

  @Test
  void save_thenLoad_returnsTheLastCursorPerSyncAndCollection() throws SQLException {
    JdbcCursorStore store = created("cursors_saved");
    store.save("s", "c1", "10");
    store.save("s", "c1", "20");
    store.save("s", "c2", "5");
    store.save("t", "c1", "7");

    assertThat(store.load("s", "c1")).contains("20");
    assertThat(store.load("s", "c2")).contains("5");
    assertThat(store.load("t", "c1")).contains("7");
    // A second store on the same table (a restarted server) sees them.
    assertThat(JdbcCursorStore.create(database(), "cursors_saved").load("s", "c1")).contains("20");
  }

  @Test
  void load_whenTableMissing_throwsNamingTheSqlState() {
    JdbcCursorStore store = JdbcCursorStore.create(database(), "cursors_never_created");
    assertThatThrownBy(() -> store.load("s", "c"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SQLState")
        .hasCauseInstanceOf(SQLException.class);
  }

  @Test
  void create_whenTableNameNotPlain_refuses() {
    assertThatThrownBy(() -> JdbcCursorStore.create(database(), "x; DROP TABLE y"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
