package io.mutationapi.client;

import io.mutationapi.MutationError;
import io.mutationapi.internal.WireCodec;
import io.mutationapi.internal.WireException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bodies of the Consume API ({@code /v1/http-consumers/{id}/next}, {@code ack}, {@code nack}).
 */
final class ConsumeBodies {
  private ConsumeBodies() {}

  static byte[] next(int batchSize, long waitForMillis) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("batch_size", batchSize);
    body.put("wait_for", waitForMillis);
    return WireCodec.standard().writeValue(body);
  }

  static byte[] ackTokens(List<String> tokens) {
    return WireCodec.standard().writeValue(Map.of("ack_tokens", tokens));
  }

  /**
   * Reads {@code {"data": [{"ack_token", "record", "delivery_count"}], "info": {...}}}; unknown
   * fields are ignored.
   *
   * @throws WireException if it is not such a body
   */
  static MessageBatch batch(byte[] body) {
    WireCodec codec = WireCodec.standard();
    JsonValues root = JsonValues.object(codec.readValue(body), "$");
    if (root.raw("data") == null) {
      throw new WireException("data: must be an array, found null");
    }
    List<?> data = root.list("data");
    List<ConsumerMessage> messages = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      JsonValues m = JsonValues.object(data.get(i), "data[" + i + "]");
      String token = m.requiredString("ack_token");
      int deliveryCount = m.intOr("delivery_count", 0);
      if (deliveryCount < 0) {
        throw new WireException(m.at("delivery_count") + ": must not be negative");
      }
      messages.add(
          new ConsumerMessage(
              token, codec.readRecord(m.raw("record"), m.at("record")), deliveryCount));
    }
    JsonValues info = root.optionalObject("info").orElse(JsonValues.object(Map.of(), "info"));
    long pending = info.longOr("num_pending", 0);
    long ackPending = info.longOr("num_ack_pending", 0);
    if (pending < 0 || ackPending < 0) {
      throw new WireException("info: counts must not be negative");
    }
    return new MessageBatch(messages, pending, ackPending);
  }

  /**
   * Returns the result of an ack or nack of {@code tokens} that the server answered with {@code
   * failures} (a 400 naming the tokens it could not handle; it handled the others), or null if
   * {@code error} is not such an answer.
   */
  static AckResult rejected(MutationError error, List<String> tokens) {
    if (error.status() != 400 || error.failures().isEmpty()) {
      return null;
    }
    BitSet seen = new BitSet(tokens.size());
    List<AckResult.Rejection> rejections = new ArrayList<>(error.failures().size());
    for (MutationError.Failure f : error.failures()) {
      if (f.index() >= tokens.size() || seen.get(f.index())) {
        return null; // not an answer to this call: thrown as the 400 it is
      }
      seen.set(f.index());
      rejections.add(
          new AckResult.Rejection(
              f.index(), tokens.get(f.index()), AckResult.Reason.of(f.error()), f.error()));
    }
    rejections.sort((a, b) -> Integer.compare(a.index(), b.index()));
    return new AckResult(tokens.size() - rejections.size(), rejections);
  }
}
