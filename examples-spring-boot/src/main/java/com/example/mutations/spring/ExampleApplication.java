package com.example.mutations.spring;

import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.spi.Upstream;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import javax.sql.DataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application that serves the Mutation API with {@code
 * mutation-api-spring-boot-starter}: sync {@code my-sync-id} writes to an in-memory upstream (a
 * stand-in for Salesforce), consumer {@code local-db} keeps the table {@code contacts} of an
 * embedded PostgreSQL in sync, and the token comes from {@code MUTATION_API_TOKEN} (default {@code
 * dev-token}). Everything else is in {@code application.properties}; the README's "Spring Boot"
 * section runs it.
 */
@SpringBootApplication
public class ExampleApplication {
  /** Starts the application. */
  public static void main(String[] args) {
    SpringApplication.run(ExampleApplication.class, args);
  }

  /** The upstream of sync {@code my-sync-id} ({@code mutation-api.server.syncs.*.upstream}). */
  @Bean
  Upstream crm() {
    return InMemoryUpstream.create();
  }

  /** A PostgreSQL server of its own, on a free loopback port, stopped with the application. */
  @Bean(destroyMethod = "close")
  EmbeddedPostgres embeddedPostgres() throws IOException {
    return EmbeddedPostgres.start();
  }

  /** The application's database: the starter's JDBC consumer and idempotency store use it. */
  @Bean
  DataSource dataSource(EmbeddedPostgres postgres) {
    return postgres.getPostgresDatabase();
  }
}
