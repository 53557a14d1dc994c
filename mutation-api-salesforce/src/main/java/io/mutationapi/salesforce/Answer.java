package io.mutationapi.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One HTTP answer from Salesforce, read in full: status, body, and the headers the adapter uses.
 * Immutable by convention (the body array is not copied).
 */
final class Answer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int status;
  private final String contentType;
  private final String limitInfo;
  private final byte[] body;
  private final Instant receivedAt;

  Answer(int status, String contentType, String limitInfo, byte[] body, Instant receivedAt) {
    this.status = status;
    this.contentType = contentType == null ? "" : contentType;
    this.limitInfo = limitInfo;
    this.body = body;
    this.receivedAt = receivedAt;
  }

  int status() {
    return status;
  }

  boolean isSuccessful() {
    return status >= 200 && status < 300;
  }

  /** Returns the {@code Sforce-Limit-Info} header, or null. */
  String limitInfo() {
    return limitInfo;
  }

  byte[] body() {
    return body;
  }

  Instant receivedAt() {
    return receivedAt;
  }

  /**
   * Returns the body as a JSON tree; empty for an empty body, an HTML page from Salesforce's edge,
   * or anything else that is not JSON.
   */
  Optional<JsonNode> json() {
    if (body.length == 0 || contentType.toLowerCase(Locale.ROOT).contains("html")) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(JSON.readTree(body)).filter(n -> !n.isMissingNode());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Reads {@code bytes} as a JSON tree, for a body known to be JSON. */
  static JsonNode tree(byte[] bytes) throws IOException {
    return JSON.readTree(bytes);
  }

  @Override
  public String toString() {
    return "Answer{HTTP " + status + ", " + body.length + " bytes}";
  }
}
