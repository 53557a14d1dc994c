package io.mutationapi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.JsonNumber;
import io.mutationapi.await.Position;
import io.mutationapi.server.spi.BatchResult;
import io.mutationapi.server.spi.ChangeEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The table consumer's contract on the embedded H2 database, as the demo runs it. */
class H2TableConsumerTest extends TableConsumerContract {
  // Kept open for the whole run, like a file database would be.
  private static final DataSource H2 =
      new UrlDataSource("jdbc:h2:mem:table-consumer;DB_CLOSE_DELAY=-1");

  @Override
  DataSource database() {
    return H2;
  }

  @Override
  SqlDialect dialect() {
    return SqlDialect.H2;
  }

  @Test
  void data_isKeptAsWritten_keyOrderAndNumberText() throws SQLException {
    JdbcTableConsumer consumer = created(consumer());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("Z", JsonNumber.parse("1.50"));
    data.put("A", null);

    consumer.apply(List.of(contact("003A", 1, data)));

    assertThat(text("003A", "data")).isEqualTo("{\"Z\":1.50,\"A\":null}");
  }

  @Test
  void kind_isJdbc_forTheManagementApi() throws SQLException {
    assertThat(created(consumer()).kind()).isEqualTo("jdbc");
  }

  @Test
  void isNonBlocking_onItsOwnThreads_butNotOnAnExecutorOfTheCallers() {
    assertThat(consumer().build().isNonBlocking()).isTrue();
    assertThat(consumer().executor(Runnable::run).build().isNonBlocking()).isFalse();
  }

  @Test
  void processBatch_onItsOwnThreads_returnsBeforeTheDatabaseAnswers() throws Exception {
    created(consumer());
    CountDownLatch open = new CountDownLatch(1);
    DataSource gated =
        new UrlDataSource("jdbc:h2:mem:table-consumer;DB_CLOSE_DELAY=-1") {
          @Override
          public Connection getConnection() throws SQLException {
            try {
              open.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return super.getConnection();
          }
        };
    JdbcTableConsumer consumer = consumer().dataSource(gated).build();
    ChangeEvent event = new ChangeEvent(new Position(0, 0), contact("003G", 1, name("Gil")));

    CompletableFuture<BatchResult> written =
        consumer.processBatch(List.of(event)).toCompletableFuture();

    assertThat(written).isNotDone();
    open.countDown();
    assertThat(written.get(10, TimeUnit.SECONDS).notApplied()).isEmpty();
    assertThat(text("003G", "data")).contains("Gil");
  }
}
