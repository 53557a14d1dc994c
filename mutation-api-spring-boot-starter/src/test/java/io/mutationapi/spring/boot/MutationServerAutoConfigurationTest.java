package io.mutationapi.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.mutationapi.server.InMemoryConsumer;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.ConsumerSummary;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.SyncSummary;
import io.mutationapi.server.spi.Upstream;
import java.sql.Connection;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class MutationServerAutoConfigurationTest {
  private static final Principal ALL = Principal.allSyncs("test");

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(MutationServerAutoConfiguration.class));

  @Test
  void server_withoutUpstreamsOrCustomizers_isNotBuilt() {
    runner
        .withPropertyValues("mutation-api.server.insecure-no-authentication=true")
        .run(context -> assertThat(context).doesNotHaveBean(MutationServer.class));
  }

  @Test
  void server_withSyncsAndConsumersNamingBeans_servesThem() {
    runner
        .withUserConfiguration(Beans.class)
        .withPropertyValues(
            "mutation-api.server.syncs.my-sync.upstream=crm",
            "mutation-api.server.syncs.my-sync.collections=salesforce:contact,salesforce:account",
            "mutation-api.server.consumers.local.collections=salesforce:contact",
            "mutation-api.server.tokens.my-app.token=app-token",
            "mutation-api.server.tokens.my-app.syncs=my-sync")
        .run(
            context -> {
              MutationServer server = context.getBean(MutationServer.class);
              assertThat(server.management().syncs(ALL))
                  .extracting(SyncSummary::id)
                  .containsExactly("my-sync");
              assertThat(server.management().syncs(ALL).get(0).collectionIds())
                  .containsExactlyInAnyOrder("salesforce:contact", "salesforce:account");
              assertThat(server.management().consumers(ALL))
                  .extracting(ConsumerSummary::id, ConsumerSummary::kind)
                  .containsExactly(tuple("local", "in_memory"));
            });
  }

  @Test
  void server_whenTheApplicationDefinesOne_backsOff() {
    runner
        .withUserConfiguration(Beans.class, OwnServer.class)
        .withPropertyValues("mutation-api.server.syncs.my-sync.collections=c")
        .run(
            context -> {
              assertThat(context).hasSingleBean(MutationServer.class);
              assertThat(context.getBean(MutationServer.class))
                  .isSameAs(context.getBean("ownServer"));
            });
  }

  @Test
  void server_fromACustomizerAlone_isBuilt() {
    runner
        .withUserConfiguration(Customized.class)
        .run(
            context ->
                assertThat(
                        context
                            .getBean(MutationServer.class)
                            .management()
                            .consumers(ALL)
                            .get(0)
                            .id())
                    .isEqualTo("http-worker"));
  }

  @Test
  void server_withUpstreamBeansButNoSync_failsSayingHowToDeclareOne() {
    runner
        .withUserConfiguration(Beans.class)
        .withPropertyValues("mutation-api.server.insecure-no-authentication=true")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasMessageContaining("mutation-api.server.syncs.<id>.collections"));
  }

  @Test
  void server_syncNamingAMissingBean_failsNamingTheProperty() {
    runner
        .withUserConfiguration(Beans.class)
        .withPropertyValues(
            "mutation-api.server.syncs.my-sync.upstream=nope",
            "mutation-api.server.syncs.my-sync.collections=c",
            "mutation-api.server.insecure-no-authentication=true")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasMessageContaining("mutation-api.server.syncs.my-sync.upstream")
                    .hasMessageContaining("no Upstream bean named 'nope'")
                    .hasMessageContaining("crm"));
  }

  @Test
  void server_tokenWithoutSyncs_failsNamingTheProperty() {
    runner
        .withUserConfiguration(Beans.class)
        .withPropertyValues(
            "mutation-api.server.syncs.crm.collections=c",
            "mutation-api.server.tokens.my-app.token=app-token")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasMessageContaining("mutation-api.server.tokens.my-app.syncs is not set"));
  }

  @Test
  void server_jdbcConsumerAndCursorStoreOnTheDataSource_createTheirTables() {
    runner
        .withUserConfiguration(Beans.class, H2.class)
        .withPropertyValues(
            "mutation-api.server.syncs.crm.collections=salesforce:contact",
            "mutation-api.server.jdbc-consumers.local-db.table=contacts",
            "mutation-api.server.jdbc-consumers.local-db.collections=salesforce:contact",
            "mutation-api.server.cursors.jdbc=true",
            "mutation-api.server.insecure-no-authentication=true")
        .run(
            context -> {
              MutationServer server = context.getBean(MutationServer.class);
              assertThat(server.management().consumers(ALL))
                  .extracting(ConsumerSummary::id, ConsumerSummary::kind)
                  .containsExactly(tuple("local-db", "jdbc"));
              DataSource db = context.getBean(DataSource.class);
              assertThat(tableExists(db, "CONTACTS")).isTrue();
              assertThat(tableExists(db, "MUTATION_SYNC_CURSORS")).isTrue();
            });
  }

  @Test
  void server_jdbcPartsWithoutADataSource_failSayingWhatIsMissing() {
    runner
        .withUserConfiguration(Beans.class)
        .withPropertyValues(
            "mutation-api.server.syncs.crm.collections=c",
            "mutation-api.server.idempotency.jdbc=true",
            "mutation-api.server.insecure-no-authentication=true")
        .run(context -> assertThat(context).getFailure().hasMessageContaining("a DataSource bean"));
  }

  @Test
  void server_disabled_isNotBuilt() {
    runner
        .withUserConfiguration(Beans.class)
        .withPropertyValues("mutation-api.server.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(MutationServer.class));
  }

  private static boolean tableExists(DataSource db, String table) throws Exception {
    try (Connection c = db.getConnection();
        ResultSet tables = c.getMetaData().getTables(null, null, table, null)) {
      return tables.next();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Beans {
    @Bean
    Upstream crm() {
      return InMemoryUpstream.create();
    }

    @Bean
    InMemoryConsumer local() {
      return new InMemoryConsumer();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class H2 {
    @Bean
    DataSource dataSource() {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:mem:starter-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
      return h2;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnServer {
    @Bean(destroyMethod = "close")
    MutationServer ownServer() {
      return MutationServer.builder()
          .sync("own", InMemoryUpstream.create(), "c")
          .insecureNoAuthentication()
          .build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Customized {
    @Bean
    MutationServerCustomizer customizer() {
      return server ->
          server
              .sync("my-sync", InMemoryUpstream.create(), "c")
              .httpConsumer("http-worker", "c")
              .insecureNoAuthentication();
    }
  }
}
