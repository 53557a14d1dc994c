package com.example.mutations;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mutationapi.MutationRequest;
import io.mutationapi.PartialRecord;
import io.mutationapi.Record;
import io.mutationapi.client.MutationClient;
import io.mutationapi.server.InMemoryConsumer;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.http.HandlerRequest;
import io.mutationapi.server.http.HandlerResponse;
import io.mutationapi.server.http.MutationHttpHandler;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.Upstream;
import io.mutationapi.server.spi.UpstreamContext;
import io.mutationapi.server.spi.UpstreamException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;

/**
 * Hosts the Mutation API inside an application's own JDK {@link HttpServer}, with a custom {@link
 * Upstream} that writes to a REST API over HTTP.
 *
 * <p>The REST API is shaped like most: {@code POST /contacts} creates and answers the contact with
 * {@code id}, {@code version}, {@code created_at} and {@code updated_at}; {@code PATCH
 * /contacts/{id}} changes fields and answers the full contact; {@code DELETE /contacts/{id}}
 * answers 204. 422 is a validation error.
 */
public final class CustomUpstreamExample {
  private CustomUpstreamExample() {}

  /** An upstream that applies each record with one call of the REST API. */
  static final class RestApiUpstream implements Upstream {
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};
    private static final List<String> META = List.of("id", "version", "created_at", "updated_at");

    private final URI baseUrl;
    private final HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    RestApiUpstream(URI baseUrl) {
      this.baseUrl = baseUrl;
    }

    @Override
    public boolean isAtomic() {
      return false; // one call per record: a failure at record k leaves records before k applied
    }

    @Override
    public CompletionStage<List<Record>> apply(MutationRequest batch, UpstreamContext context) {
      // The engine runs apply on its bounded upstream executor, so blocking here is fine.
      List<Record> applied = new ArrayList<>();
      try {
        if (batch instanceof MutationRequest.Delete delete) {
          for (String id : delete.upstreamIds()) {
            send("DELETE", "/contacts/" + id, null, context);
            applied.add(toRecord(batch, Map.of("id", id), true));
          }
        } else {
          boolean create = batch instanceof MutationRequest.Create;
          List<PartialRecord> records =
              create
                  ? ((MutationRequest.Create) batch).records()
                  : ((MutationRequest.Update) batch).records();
          for (PartialRecord record : records) {
            String path = create ? "/contacts" : "/contacts/" + record.upstreamId().orElseThrow();
            Map<String, Object> answer =
                send(create ? "POST" : "PATCH", path, record.data(), context);
            applied.add(toRecord(batch, answer, false));
          }
        }
        return CompletableFuture.completedFuture(applied);
      } catch (UpstreamException e) {
        return CompletableFuture.failedFuture(e.withApplied(applied));
      }
    }

    private Map<String, Object> send(
        String method, String path, Map<String, Object> body, UpstreamContext context) {
      try {
        // Wait no longer than the server does (its upstream timeout), and at most 10 s a call.
        Duration timeout = context.remaining();
        if (timeout.compareTo(Duration.ofSeconds(10)) > 0) {
          timeout = Duration.ofSeconds(10);
        }
        if (timeout.isZero()) {
          throw UpstreamException.timeout("REST API not called: the request's deadline passed");
        }
        HttpRequest.Builder request =
            HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(timeout);
        // The same request id in both services' logs.
        context.requestId().ifPresent(id -> request.header("X-Request-Id", id));
        if (body == null) {
          request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
          request
              .header("Content-Type", "application/json")
              .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        }
        HttpResponse<byte[]> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status == 422 || status == 404) {
          Map<String, Object> error = json.readValue(response.body(), JSON_OBJECT);
          throw UpstreamException.validation("REST API rejected it: " + error.get("message"));
        }
        if (status >= 300) {
          throw UpstreamException.failed("REST API answered " + status, null);
        }
        return status == 204 ? Map.of() : json.readValue(response.body(), JSON_OBJECT);
      } catch (HttpTimeoutException e) {
        throw UpstreamException.timeout("REST API timed out");
      } catch (IOException e) {
        throw UpstreamException.failed("REST API unreachable", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw UpstreamException.failed("interrupted", e);
      }
    }

    private static Record toRecord(
        MutationRequest batch, Map<String, Object> contact, boolean deleted) {
      Map<String, Object> data = new LinkedHashMap<>(contact);
      META.forEach(data::remove);
      Instant now = Instant.now();
      Record.Builder record =
          Record.builder()
              .syncId(batch.syncId())
              .collectionId(batch.collectionId())
              .upstreamId(String.valueOf(contact.get("id")))
              .upstreamUpdatedAt(instant(contact.get("updated_at"), now))
              .upstreamCreatedAt(
                  contact.containsKey("created_at")
                      ? instant(contact.get("created_at"), now)
                      : null)
              .data(data)
              .deleted(deleted);
      // The API's version increases with every change of a contact: exactly what updated_idx is.
      Object version = contact.get("version");
      record.updatedIdx(version instanceof Number n ? n.longValue() : now.toEpochMilli() * 1000);
      return record.build();
    }

    private static Instant instant(Object text, Instant fallback) {
      return text instanceof String s ? Instant.parse(s) : fallback;
    }
  }

  /**
   * Serves {@code POST /v1/mutations/run} from the application's own JDK server, writing to the
   * REST API at {@code args[0]}, then creates a contact through it.
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println(
          "usage: CustomUpstreamExample <REST API base URL, e.g. http://127.0.0.1:9000/>");
      return;
    }
    InMemoryConsumer cache = new InMemoryConsumer();
    try (MutationServer mutations =
        MutationServer.builder()
            .sync("crm", new RestApiUpstream(URI.create(args[0])), "crm:contact")
            .consumer("cache", cache, "crm:contact")
            .bearerToken("example-token", Principal.of("example", "crm"))
            .build()) {
      // The application's own server; the Mutation API is one more context on it.
      HttpServer app =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      app.setExecutor(Executors.newFixedThreadPool(4));
      app.createContext(
          MutationHttpHandler.PATH, exchange -> serve(mutations.httpHandler(), exchange));
      app.start();
      try (MutationClient client =
          MutationClient.builder()
              .baseUrl("http://127.0.0.1:" + app.getAddress().getPort())
              .apiToken("example-token")
              .build()) {
        Record created =
            client
                .mutations()
                .create("crm", "crm:contact")
                .record(Map.of("name", "Duncan Idaho", "email", "duncan@ginaz.org"))
                .awaitConsumers("cache")
                .execute()
                .record();
        System.out.println(
            "REST API created "
                + created.upstreamId()
                + " version "
                + created.updatedIdx().getAsLong());
        System.out.println(
            "cache has it: " + cache.get("crm", "crm:contact", created.upstreamId()).isPresent());
      } finally {
        app.stop(0);
        ((java.util.concurrent.ExecutorService) app.getExecutor()).shutdown();
      }
    }
  }

  /** The binding: exchange to {@link HandlerRequest}, and the async answer back. */
  private static void serve(MutationHttpHandler handler, HttpExchange exchange) {
    HandlerRequest request =
        new HandlerRequest(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders(),
            exchange.getRequestBody());
    handler
        .handle(request)
        .whenComplete(
            (response, failure) -> {
              try (exchange) {
                HandlerResponse answer =
                    response != null ? response : new HandlerResponse(500, Map.of(), new byte[0]);
                answer
                    .headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
                exchange.sendResponseHeaders(
                    answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
                if (answer.body().length > 0) {
                  try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                  }
                }
              } catch (IOException e) {
                // The client went away; nothing left to tell it.
              }
            });
  }
}
