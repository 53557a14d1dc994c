package io.mutationapi.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.server.spi.Authenticator;
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
