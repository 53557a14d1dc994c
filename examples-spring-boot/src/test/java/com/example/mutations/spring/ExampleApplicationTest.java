package com.example.mutations.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.MutationResult;
import io.mutationapi.client.MutationClient;
import io.mutationapi.client.UnauthorizedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The example application on a random loopback port, called over HTTP by the starter's {@code
 * MutationClient} bean. The client's base URL names the port the server got ({@code
 * local.server.port}), known only once the web server has started, so beans are created lazily: the
 * client is created when the test asks for it.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "server.address=127.0.0.1",
      "spring.main.lazy-initialization=true",
      "mutation-api.client.base-url=http://127.0.0.1:${local.server.port}",
      "mutation-api.client.api-token=dev-token"
    })
@Timeout(120)
class ExampleApplicationTest {
  @Autowired MutationClient client;
  @Autowired JdbcTemplate jdbc;

  @Test
  void create_awaitingTheTableConsumer_isInTheTableWhenItReturns() {
    MutationResult result =
        client
            .mutations()
            .create("my-sync-id", "salesforce:contact")
            .record(Map.of("FirstName", "Paul", "LastName", "Atreides"))
            .awaitConsumers(List.of("local-db"), Duration.ofSeconds(30))
            .execute();

    String upstreamId = result.records().get(0).upstreamId();
    String lastName =
        jdbc.queryForObject(
            "SELECT data->>'LastName' FROM contacts WHERE sync_id = ? AND upstream_id = ?",
            String.class,
            "my-sync-id",
            upstreamId);
    assertThat(lastName).isEqualTo("Atreides");
  }

  @Test
  void create_withAnotherToken_isUnauthorized() {
    MutationClient stranger = client.withOptions(b -> b.apiToken("not-the-token"));
    assertThatThrownBy(
            () ->
                stranger
                    .mutations()
                    .create("my-sync-id", "salesforce:contact")
                    .record(Map.of("LastName", "Harkonnen"))
                    .execute())
        .isInstanceOf(UnauthorizedException.class);
  }
}
