package io.mutationapi.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.server.http.HandlerRequest;
import io.mutationapi.server.http.HandlerResponse;
import io.mutationapi.server.http.MutationHttpHandler;
import io.mutationapi.server.spi.Authenticator;
import io.mutationapi.server.spi.Principal;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MutationServerBuilderTest {
  static final String CONTACT = "salesforce:contact";

  @Test
  void build_withoutASync_failsNamingTheFix() {
    assertThatThrownBy(() -> MutationServer.builder().insecureNoAuthentication().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sync(syncId, upstream, collectionIds...)");
  }

  @Test
  void build_withADuplicateSync_failsNamingIt() {
    assertThatThrownBy(
            () ->
                MutationServer.builder()
                    .sync("s", InMemoryUpstream.create(), CONTACT)
                    .sync("s", InMemoryUpstream.create(), CONTACT)
                    .insecureNoAuthentication()
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sync 's'");
  }

  @Test
  void build_withADuplicateConsumer_failsNamingIt() {
    assertThatThrownBy(
            () ->
                MutationServer.builder()
                    .sync("s", InMemoryUpstream.create(), CONTACT)
                    .consumer("db", new InMemoryConsumer(), CONTACT)
                    .consumer("db", new InMemoryConsumer(), CONTACT)
                    .insecureNoAuthentication()
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("consumer 'db'");
  }

  @Test
  void build_withAConsumerOfACollectionNoSyncServes_failsNamingBoth() {
    assertThatThrownBy(
            () ->
                MutationServer.builder()
                    .sync("s", InMemoryUpstream.create(), CONTACT)
                    .consumer("db", new InMemoryConsumer(), "salesforce:contcat")
                    .insecureNoAuthentication()
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'db'")
        .hasMessageContaining("salesforce:contcat");
  }

  @Test
  void build_withASyncThatServesNothing_fails() {
    assertThatThrownBy(
            () ->
                MutationServer.builder()
                    .sync("s", InMemoryUpstream.create())
                    .insecureNoAuthentication()
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sync 's' serves no collection");
  }

  @Test
  void build_withoutAChoiceAboutAuthentication_fails() {
    assertThatThrownBy(
            () -> MutationServer.builder().sync("s", InMemoryUpstream.create(), CONTACT).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("insecureNoAuthentication()");
  }

  @Test
  void build_withTwoWaysOfAuthenticating_fails() {
    Authenticator none = token -> Optional.empty();
    assertThatThrownBy(
            () ->
                MutationServer.builder()
                    .sync("s", InMemoryUpstream.create(), CONTACT)
                    .authenticator(none)
                    .insecureNoAuthentication()
                    .build())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void bearerTokens_mapsEachTokenToItsPrincipal() {
    try (MutationServer server =
        MutationServer.builder()
            .sync("s", InMemoryUpstream.create(), CONTACT)
            .bearerTokens(Map.of("t1", Principal.of("one", "s"), "t2", Principal.of("two")))
            .build()) {
      assertThat(post(server, "t1").status()).isEqualTo(200);
      // Another principal's sync is hidden: 404, as if it did not exist.
      assertThat(post(server, "t2").status()).isEqualTo(404);
      assertThat(post(server, "t3").status()).isEqualTo(401);
    }
  }

  static HandlerResponse post(MutationServer server, String token) {
    String body =
        "{\"kind\":\"create\",\"sync_id\":\"s\",\"collection_id\":\"salesforce:contact\","
            + "\"records\":[{\"data\":{}}]}";
    return server
        .httpHandler()
        .handle(
            new HandlerRequest(
                "POST",
                MutationHttpHandler.PATH,
                Map.of(
                    "Authorization", List.of("Bearer " + token),
                    "Content-Type", List.of("application/json")),
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
        .toCompletableFuture()
        .join();
  }

  @Test
  void build_withAllItNeeds_servesAndCloses() {
    try (MutationServer server =
        MutationServer.builder()
            .sync("s", InMemoryUpstream.create(), CONTACT)
            .consumer("db", new InMemoryConsumer(), CONTACT)
            .bearerToken("t", Principal.of("app", "s"))
            .build()) {
      assertThat(server.service()).isNotNull();
      assertThat(server.httpHandler()).isNotNull();
    }
  }
}
