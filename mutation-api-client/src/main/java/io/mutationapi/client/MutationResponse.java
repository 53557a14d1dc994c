package io.mutationapi.client;

import io.mutationapi.ConsistencyToken;
import io.mutationapi.MutationResult;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import okhttp3.Headers;

/**
 * A successful answer with its HTTP metadata: the {@link #result()} that {@link
 * MutationCall#execute()} returns, plus the status, headers, request id, whether the server
 * replayed a stored answer for the idempotency key, and the key itself. From {@link
 * MutationCall#withRawResponse()}.
 *
 * <pre>{@code
 * MutationResponse response = client.mutations()
 *     .create("my-sync-id", "salesforce:contact")
 *     .record(Map.of("FirstName", "Paul"))
 *     .withRawResponse()
 *     .execute();
 * log.info("created {} (request id {}, replayed {})", response.result().record().upstreamId(),
 *     response.requestId().orElse("-"), response.isIdempotentReplayed());
 * }</pre>
 *
 * <p>Describes the attempt that succeeded; failures are thrown exactly as by {@code execute()}.
 * Immutable and thread-safe; the body has already been read and parsed.
 */
public final class MutationResponse {
  private final int status;
  private final Headers headers;
  private final MutationResult result;
  private final String idempotencyKey;

  MutationResponse(int status, Headers headers, MutationResult result, String idempotencyKey) {
    this.status = status;
    this.headers = headers;
    this.result = result;
    this.idempotencyKey = idempotencyKey;
  }

  /** Returns the parsed result, the same as {@link MutationCall#execute()} returns. */
  public MutationResult result() {
    return result;
  }

  /**
   * Returns where the records are on the server's change stream, to wait for them later with {@code
   * client.consumers().await(...)}; the same as {@code result().consistencyToken()}.
   */
  public Optional<ConsistencyToken> consistencyToken() {
    return result.consistencyToken();
  }

  /** Returns the HTTP status of the answer, a 2xx (our server sends {@code 200}). */
  public int status() {
    return status;
  }

  /**
   * Returns the id the server gave this request ({@code X-Request-Id}), for its logs; absent if it
   * sent none.
   */
  public Optional<String> requestId() {
    return header(Answers.REQUEST_ID);
  }

  /**
   * Returns true if the server answered from its record of an earlier request with the same
   * idempotency key ({@code Idempotent-Replayed: true}) and applied nothing this time: an earlier
   * attempt, or an earlier call with the key, had already applied the mutation.
   */
  public boolean isIdempotentReplayed() {
    return header(Answers.IDEMPOTENT_REPLAYED)
        .map(v -> v.strip().equalsIgnoreCase("true"))
        .orElse(false);
  }

  /** Returns the idempotency key every attempt of this call carried. */
  public String idempotencyKey() {
    return idempotencyKey;
  }

  /**
   * Returns the last value of the header {@code name} (case-insensitive) as sent; absent if the
   * answer had none.
   */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(Objects.requireNonNull(name, "name")));
  }

  /**
   * Returns every header of the answer: names in lower case, looked up case-insensitively, values
   * in the order sent. Unmodifiable.
   */
  public Map<String, List<String>> headers() {
    Map<String, List<String>> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.toMultimap().forEach((name, values) -> all.put(name, List.copyOf(values)));
    return Collections.unmodifiableMap(all);
  }

  /** Returns the status, request id and whether it was replayed; never record data. */
  @Override
  public String toString() {
    return "MutationResponse{status="
        + status
        + ", requestId="
        + requestId().map(id -> Text.printable(id, Text.MAX_SHORT)).orElse("none")
        + ", idempotentReplayed="
        + isIdempotentReplayed()
        + ", records="
        + result.records().size()
        + "}";
  }
}
