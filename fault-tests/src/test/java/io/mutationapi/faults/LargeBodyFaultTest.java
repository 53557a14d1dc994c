package io.mutationapi.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.server.spi.Principal;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Item 5 of issue 12: a client that writes its whole too-large body before it reads (as Python's
 * urllib and OkHttp do) still reads the JSON 413, whether it declared the length or sent chunks.
 */
class LargeBodyFaultTest {
  static final String TOKEN = "large-token";
  static final int LIMIT = 1024 * 1024;
  static final int ROUNDS = 10;

  MutationServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aClientThatWritesItsWholeTooLargeBody_readsThe413() throws IOException {
    server =
        MutationServer.builder()
            .sync("my-sync-id", InMemoryUpstream.create(), "salesforce:contact")
            .bearerToken(TOKEN, Principal.of("app", "my-sync-id"))
            .maxBodyBytes(LIMIT)
            .build();
    int port = MutationHttpServer.listenOnLoopback(server, 0).port();
    // One record whose data holds a 3 MiB string: valid JSON, too large.
    byte[] prefix =
        ("{\"kind\":\"create\",\"sync_id\":\"my-sync-id\",\"collection_id\":\"salesforce:contact\","
                + "\"records\":[{\"data\":{\"Notes\":\"")
            .getBytes(StandardCharsets.UTF_8);
    byte[] suffix = "\"}}]}".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[3 * LIMIT];
    Arrays.fill(body, (byte) 'a');
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    System.arraycopy(suffix, 0, body, body.length - suffix.length, suffix.length);

    int declared = 0;
    int chunked = 0;
    for (int i = 0; i < ROUNDS; i++) {
      declared += writeAllThenRead(port, body, false) ? 1 : 0;
      chunked += writeAllThenRead(port, body, true) ? 1 : 0;
    }

    System.out.printf(
        "TALLY large-body: %d/%d writers of a declared 3 MiB body and %d/%d of a chunked one read"
            + " the JSON 413 (limit 1 MiB)%n",
        declared, ROUNDS, chunked, ROUNDS);
    assertThat(declared).isEqualTo(ROUNDS);
    assertThat(chunked).isEqualTo(ROUNDS);
  }

  /** Writes the whole request, failing on any write error, then reads; true on a JSON 413. */
  static boolean writeAllThenRead(int port, byte[] body, boolean chunked) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      String head =
          "POST /v1/mutations/run HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
              + TOKEN
              + "\r\nContent-Type: application/json\r\n"
              + (chunked
                  ? "Transfer-Encoding: chunked\r\n\r\n"
                  : "Content-Length: " + body.length + "\r\n\r\n");
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      int chunk = 64 * 1024;
      for (int offset = 0; offset < body.length; offset += chunk) {
        int n = Math.min(chunk, body.length - offset);
        if (chunked) {
          out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write(body, offset, n);
        if (chunked) {
          out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
      }
      if (chunked) {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      }
      out.flush();
      RawHttp.Response response = RawHttp.read(socket.getInputStream());
      if (response.status() != 413) {
        System.out.println("answered " + response.status() + ": " + response.text());
      }
      return response.status() == 413
          && response.text().startsWith("{\"error\":\"Error: ")
          && response.text().contains("\"code\":\"payload_too_large\"");
    } catch (IOException e) {
      System.out.println("writer failed: " + e);
      return false;
    }
  }
}
