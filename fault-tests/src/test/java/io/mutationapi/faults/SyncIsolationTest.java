package io.mutationapi.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.testing.FaultyUpstream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A principal may mutate only its syncs: another principal's sync answers exactly as a sync that
 * does not exist, and nothing reaches its upstream.
 */
class SyncIsolationTest {
  private static final String CONTACT = "salesforce:contact";

  private static byte[] create(String syncId) {
    return ("{\"kind\":\"create\",\"sync_id\":\""
            + syncId
            + "\",\"collection_id\":\""
            + CONTACT
            + "\",\"records\":[{\"data\":{\"LastName\":\"X\"}}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anotherPrincipalsSync_looksLikeNoSyncAtAll() throws Exception {
    FaultyUpstream mine = FaultyUpstream.wrap(InMemoryUpstream.create());
    FaultyUpstream theirs = FaultyUpstream.wrap(InMemoryUpstream.create());
    try (MutationServer server =
        MutationServer.builder()
            .sync("mine", mine, CONTACT)
            .sync("theirs", theirs, CONTACT)
            .bearerToken("my-token", Principal.of("me", "mine"))
            .bearerToken("their-token", Principal.of("them", "theirs"))
            .build()) {
      RawHttp http = new RawHttp(MutationHttpServer.listenOnLoopback(server, 0).port(), 10_000);
      String[] me = {"Authorization: Bearer my-token", "Content-Type: application/json"};

      RawHttp.Response hidden = http.post("/v1/mutations/run", create("theirs"), me);
      RawHttp.Response absent = http.post("/v1/mutations/run", create("nowhere"), me);

      assertThat(hidden.status()).isEqualTo(404).isEqualTo(absent.status());
      assertThat(hidden.text().replace("theirs", "nowhere")).isEqualTo(absent.text());
      assertThat(theirs.batchCount()).isZero();
      assertThat(http.post("/v1/mutations/run", create("mine"), me).status()).isEqualTo(200);
      assertThat(
              http.post(
                      "/v1/mutations/run",
                      create("theirs"),
                      "Authorization: Bearer their-token",
                      "Content-Type: application/json")
                  .status())
          .isEqualTo(200);
      assertThat(mine.batchCount()).isEqualTo(1);
      assertThat(theirs.batchCount()).isEqualTo(1);
    }
  }
}
