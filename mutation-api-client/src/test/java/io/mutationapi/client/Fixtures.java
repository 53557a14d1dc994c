package io.mutationapi.client;

import io.mutationapi.internal.WireCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** Bodies and responses the tests share. */
final class Fixtures {
  private Fixtures() {}

  static final String TOKEN = "secret-token-123";

  static final String RECORD_JSON =
      "{\"sync_id\":\"s1\",\"collection_id\":\"salesforce:contact\","
          + "\"upstream_id\":\"0031U00000Qn2ZVQAZ\","
          + "\"upstream_updated_at\":\"2024-11-10T18:39:00.070453Z\",\"updated_idx\":7,"
          + "\"data\":{\"FirstName\":\"Paul\",\"LastName\":\"Atreides\"},\"deleted\":false}";

  static final String SUCCESS = "{\"records\":[" + RECORD_JSON + "]}";

  static MockResponse ok() {
    return json(200, SUCCESS);
  }

  /** A success with {@code n} copies of the record, as a create of {@code n} records gets. */
  static MockResponse ok(int n) {
    return json(
        200,
        "{\"records\":[" + String.join(",", java.util.Collections.nCopies(n, RECORD_JSON)) + "]}");
  }

  static MockResponse json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  static MockResponse error(int status, String code, String message) {
    return json(
        status,
        "{\"error\":\"Error: "
            + message
            + "\",\"docs\":[]"
            + (code == null ? "" : ",\"code\":\"" + code + "\"")
            + "}");
  }

  static MutationClient.Builder clientFor(MockWebServer server) {
    return MutationClient.builder().baseUrl(server.url("/").toString()).apiToken(TOKEN);
  }

  static String example(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/wire-examples/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource wire-examples/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The compact form of a JSON text, as our codec writes it. */
  static String compact(String json) {
    WireCodec codec = WireCodec.standard();
    return new String(
        codec.writeValue(codec.readValue(json.getBytes(StandardCharsets.UTF_8))),
        StandardCharsets.UTF_8);
  }
}
