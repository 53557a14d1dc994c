package io.mutationapi.server.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.Principal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bodies that arrive in pieces, with pauses between them: the handler's blocking reads of the rest
 * of a large body must be woken when more arrives, wherever the first part was read.
 */
class BodyArrivalTest {
  static final String TOKEN = "test-token";

  MutationServer server;
  MutationHttpServer http;

  @AfterEach
  void close() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aLargeBodyThatPausesAfterItsFirstPart_isReadWhole_andAnswered200() throws Exception {
    server =
        MutationServer.builder()
            .sync("my-sync-id", InMemoryUpstream.create(), "salesforce:contact")
            .bearerToken(TOKEN, Principal.of("app", "my-sync-id"))
            .build();
    http = MutationHttpServer.listenOnLoopback(server, 0);
    byte[] body = createWithNotesOf(300 * 1024);

    for (int round = 0; round < 3; round++) {
      try (RawExchange raw = new RawExchange(http.port(), 10_000)) {
        raw.send(
            "POST /v1/mutations/run HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer "
                + TOKEN
                + "\r\nContent-Length: "
                + body.length
                + "\r\n\r\n");
        // The headers alone: the server starts reading the body only once bytes arrive.
        Thread.sleep(100);
        int first = 80 * 1024;
        raw.send(Arrays.copyOfRange(body, 0, first));
        // More than the server reads before the handler runs, but not all: the handler now waits.
        Thread.sleep(200);
        raw.send(Arrays.copyOfRange(body, first, body.length));

        RawExchange.Response response = raw.read();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
      }
    }
  }

  static byte[] createWithNotesOf(int size) {
    byte[] prefix =
        ("{\"kind\":\"create\",\"sync_id\":\"my-sync-id\",\"collection_id\":\"salesforce:contact\","
                + "\"records\":[{\"data\":{\"LastName\":\"Atreides\",\"Notes\":\"")
            .getBytes(StandardCharsets.UTF_8);
    byte[] suffix = "\"}}]}".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[prefix.length + size + suffix.length];
    Arrays.fill(body, (byte) 'a');
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    System.arraycopy(suffix, 0, body, body.length - suffix.length, suffix.length);
    return body;
  }
}
