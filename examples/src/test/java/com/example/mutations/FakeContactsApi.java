package com.example.mutations;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A REST API of contacts on loopback, shaped as {@link CustomUpstreamExample} expects: POST
 * creates, PATCH changes, DELETE removes; 422 for a missing name.
 */
final class FakeContactsApi implements AutoCloseable {
  private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};

  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Map<String, Object>> contacts = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong(1000);
  private final HttpServer server;

  FakeContactsApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/contacts", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  Map<String, Map<String, Object>> contacts() {
    return contacts;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String id = path.startsWith("/contacts/") ? path.substring("/contacts/".length()) : null;
      String method = exchange.getRequestMethod();
      if (method.equals("POST") && id == null) {
        Map<String, Object> body = json.readValue(exchange.getRequestBody(), JSON_OBJECT);
        if (!(body.get("name") instanceof String)) {
          reply(exchange, 422, Map.of("message", "name is required"));
          return;
        }
        String now = Instant.now().toString();
        Map<String, Object> contact = new LinkedHashMap<>(body);
        contact.put("id", "ct_" + ids.incrementAndGet());
        contact.put("version", 1);
        contact.put("created_at", now);
        contact.put("updated_at", now);
        contacts.put((String) contact.get("id"), contact);
        reply(exchange, 201, contact);
      } else if (method.equals("PATCH") && contacts.containsKey(id)) {
        Map<String, Object> contact = contacts.get(id);
        contact.putAll(json.readValue(exchange.getRequestBody(), JSON_OBJECT));
        contact.put("version", ((Number) contact.get("version")).intValue() + 1);
        contact.put("updated_at", Instant.now().toString());
        reply(exchange, 200, contact);
      } else if (method.equals("DELETE") && contacts.remove(id) != null) {
        exchange.sendResponseHeaders(204, -1);
      } else {
        reply(exchange, 404, Map.of("message", "no contact " + id));
      }
    }
  }

  private void reply(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
