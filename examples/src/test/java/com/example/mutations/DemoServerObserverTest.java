package com.example.mutations;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.server.spi.ServerObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The demo server given an observer (a metrics registry's, say) tells it what it answers. */
class DemoServerObserverTest {

  /** Records each answered request as "endpoint kind status". */
  private static final class RecordingObserver implements ServerObserver {
    final List<String> answered = new CopyOnWriteArrayList<>();

    @Override
    public void requestAnswered(
        String endpoint,
        String kind,
        int status,
        String errorCode,
        boolean replayed,
        long durationNanos) {
      answered.add(endpoint + " " + kind + " " + status);
    }
  }

  @Test
  void demoServerWithAnObserver_reportsEachAnsweredRequestToIt() throws Exception {
    RecordingObserver observer = new RecordingObserver();
    try (DemoServer server = DemoServer.start(0, "observed-token", observer)) {
      HttpRequest create =
          HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/mutations/run"))
              .header("Authorization", "Bearer observed-token")
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"kind\":\"create\",\"sync_id\":\"demo\","
                          + "\"collection_id\":\"salesforce:contact\","
                          + "\"records\":[{\"data\":{\"LastName\":\"Idaho\"}}]}"))
              .build();

      HttpResponse<String> response =
          HttpClient.newHttpClient().send(create, HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(observer.answered).containsExactly("/v1/mutations/run create 200");
    }
  }
}
