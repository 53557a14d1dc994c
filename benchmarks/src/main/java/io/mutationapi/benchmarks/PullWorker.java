package io.mutationapi.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A worker of an HTTP consumer, as the README's curl and jq worker is: long-polls {@code next} for
 * up to {@code batchSize} messages, acks what it got, again, until closed. One thread, named {@code
 * pull-worker}; its CPU is the client's, not the server's.
 */
final class PullWorker implements AutoCloseable {
  static final String THREAD = "pull-worker";

  private final ObjectMapper mapper = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI next;
  private final URI ack;
  private final String token;
  private final int batchSize;
  private final Thread thread;
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile boolean stopped;

  private PullWorker(URI baseUrl, String consumerId, String token, int batchSize) {
    String base = baseUrl + "/v1/http-consumers/" + consumerId;
    this.next = URI.create(base + "/next");
    this.ack = URI.create(base + "/ack");
    this.token = token;
    this.batchSize = batchSize;
    this.thread = new Thread(this::run, THREAD);
    thread.setDaemon(true);
  }

  /** Starts a worker of {@code consumerId} on the server at {@code baseUrl}. */
  static PullWorker start(URI baseUrl, String consumerId, String token, int batchSize) {
    PullWorker worker = new PullWorker(baseUrl, consumerId, token, batchSize);
    worker.thread.start();
    return worker;
  }

  /** Returns how many messages it acked. */
  long acked() {
    return acked.get();
  }

  /** Returns how many pulls or acks failed (not 2xx). */
  long failures() {
    return failures.get();
  }

  private void run() {
    String pull = "{\"batch_size\": " + batchSize + ", \"wait_for\": 500}";
    while (!stopped) {
      try {
        HttpResponse<byte[]> got = post(next, pull);
        if (got.statusCode() != 200) {
          if (failures.incrementAndGet() == 1) {
            System.err.println(
                "pull-worker: next answered "
                    + got.statusCode()
                    + ": "
                    + new String(got.body(), java.nio.charset.StandardCharsets.UTF_8));
          }
          Thread.sleep(100);
          continue;
        }
        ArrayNode tokens = mapper.createArrayNode();
        for (JsonNode message : mapper.readTree(got.body()).path("data")) {
          tokens.add(message.path("ack_token").asText());
        }
        if (tokens.isEmpty()) {
          continue;
        }
        ObjectNode body = mapper.createObjectNode().set("ack_tokens", tokens);
        HttpResponse<byte[]> acks = post(ack, mapper.writeValueAsString(body));
        if (acks.statusCode() / 100 == 2) { // 204: all acked
          acked.addAndGet(tokens.size());
        } else {
          failures.incrementAndGet();
        }
      } catch (IOException | RuntimeException e) {
        if (!stopped && failures.incrementAndGet() == 1) {
          System.err.println("pull-worker: " + e);
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private HttpResponse<byte[]> post(URI uri, String body) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  @Override
  public void close() {
    stopped = true;
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    thread.interrupt();
  }
}
