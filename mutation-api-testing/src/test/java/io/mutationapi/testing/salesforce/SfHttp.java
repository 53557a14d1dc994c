package io.mutationapi.testing.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client for the fake's tests, with a token from the client-credentials grant. */
final class SfHttp {
  static final String V = "/services/data/v62.0";
  static final ObjectMapper JSON = new ObjectMapper();

  final FakeSalesforce fake;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  String token;

  SfHttp(FakeSalesforce fake) {
    this.fake = fake;
  }

  SfHttp login() {
    HttpResponse<String> response =
        token(
            "grant_type=client_credentials&client_id="
                + fake.clientId()
                + "&client_secret="
                + fake.clientSecret());
    token = json(response).get("access_token").asText();
    return this;
  }

  HttpResponse<String> token(String form) {
    return send(
        HttpRequest.newBuilder(URI.create(fake.url() + "/services/oauth2/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  HttpResponse<String> get(String path) {
    return send(authorized(path).GET());
  }

  HttpResponse<String> delete(String path) {
    return send(authorized(path).DELETE());
  }

  HttpResponse<String> post(String path, String body) {
    return send(
        authorized(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpResponse<String> patch(String path, String body) {
    return send(
        authorized(path)
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpRequest.Builder authorized(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(fake.url() + path)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(response.body(), e);
    }
  }

  /** A Collections create body of Contacts with these last names. */
  static String contacts(boolean allOrNone, String... lastNames) {
    StringBuilder body = new StringBuilder("{\"allOrNone\":" + allOrNone + ",\"records\":[");
    for (int i = 0; i < lastNames.length; i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"attributes\":{\"type\":\"Contact\"},\"LastName\":")
          .append(lastNames[i] == null ? "null" : "\"" + lastNames[i] + "\"")
          .append("}");
    }
    return body.append("]}").toString();
  }
}
