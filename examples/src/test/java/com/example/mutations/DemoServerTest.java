package com.example.mutations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code serve} server answers the published requests as they are, over plain HTTP. */
class DemoServerTest {
  private static DemoServer server;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = DemoServer.start(0, "curl-token");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> post(String example) throws Exception {
    byte[] body;
    try (InputStream in = DemoServerTest.class.getResourceAsStream("/wire-examples/" + example)) {
      if (in == null) {
        throw new IOException("missing wire-examples/" + example);
      }
      body = in.readAllBytes();
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/mutations/run"))
            .header("Authorization", "Bearer curl-token")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void publishedCreate_isCreated() throws Exception {
    HttpResponse<String> response = post("create-request.json");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("\"collection_id\":\"salesforce:contact\"")
        .contains("\"upstream_id\":\"003")
        .contains("\"Email\":\"paul@arrakis.org\"");
  }

  @Test
  void publishedCreateWithDataAlias_isCreated() throws Exception {
    assertThat(post("create-request-data-alias.json").statusCode()).isEqualTo(200);
  }

  @Test
  void publishedUpdateThenDelete_applyToTheSeededContacts() throws Exception {
    HttpResponse<String> update = post("update-request.json");
    HttpResponse<String> delete = post("delete-request.json");

    assertThat(update.statusCode()).isEqualTo(200);
    assertThat(update.body()).contains("0031U00000Qn2ZVQAZ").contains("0031U00000Qn2ZVQBA");
    assertThat(delete.statusCode()).isEqualTo(200);
    assertThat(delete.body()).contains("\"deleted\":true");
  }

  @Test
  void publishedCreateAwaitingItsConsumer_namesTheUnknownConsumer() throws Exception {
    // The published example awaits a consumer id of the hosted service; this server has
    // local-db and slow-mirror, and says so rather than silently not waiting.
    HttpResponse<String> response = post("create-request-await.json");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("\"code\":\"unknown_consumer\"")
        .contains("c906b4a4-0cda-4f46-bd80-255f570c195d");
  }

  @Test
  void wrongToken_is401() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/mutations/run"))
            .header("Authorization", "Bearer nope")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();

    assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(401);
  }
}
