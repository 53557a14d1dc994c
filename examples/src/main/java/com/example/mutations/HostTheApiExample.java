package com.example.mutations;

import io.mutationapi.jdbc.JdbcTableConsumer;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.server.spi.Principal;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Hosts the Mutation API: one sync with its upstream, one consumer that keeps a table of the
 * application's own database in step, a bearer token, and the embedded HTTP server: a runnable
 * version of the README's "Host the API" section (which {@code HostTheApiReadmeTest} runs as
 * written).
 */
public final class HostTheApiExample {
  private HostTheApiExample() {}

  /** Starts the server on {@code args[0]} (default 8080) until the process ends. */
  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    MutationHttpServer http = MutationHttpServer.listen(build(database(), "my-token"), port);
    System.out.println("listening on " + http.endpoint());
  }

  static MutationServer build(DataSource dataSource, String token) {
    JdbcTableConsumer contacts =
        JdbcTableConsumer.builder().dataSource(dataSource).table("contacts").build();
    contacts.createTableIfMissing();

    return MutationServer.builder()
        .sync("my-sync-id", InMemoryUpstream.create(), "salesforce:contact")
        .consumer("local-db", contacts, "salesforce:contact")
        .bearerToken(token, Principal.of("my-app", "my-sync-id"))
        .build();
  }

  private static DataSource database() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:host-the-api;DB_CLOSE_DELAY=-1");
    return h2;
  }
}
