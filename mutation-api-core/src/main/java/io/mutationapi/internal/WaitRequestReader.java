package io.mutationapi.internal;

import static io.mutationapi.WireFields.CONSISTENCY_TOKEN;
import static io.mutationapi.WireFields.CONSUMER_IDS;
import static io.mutationapi.WireFields.TIMEOUT;

import io.mutationapi.AwaitConsumers;
import io.mutationapi.ConsistencyToken;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates the body of a wait for a consistency token, as {@link RequestReader} does a mutation's:
 * unknown fields are refused naming the closest known one; {@code timeout} has the bounds and
 * default of {@code await_consumers_timeout}; {@code consumer_ids} the rules of {@code
 * await_consumer_ids}, but must name at least one consumer.
 */
final class WaitRequestReader {
  private static final List<String> WITH_IDS = List.of(CONSISTENCY_TOKEN, CONSUMER_IDS, TIMEOUT);
  private static final List<String> WITHOUT_IDS = List.of(CONSISTENCY_TOKEN, TIMEOUT);

  private final RequestReader requests;

  WaitRequestReader(RequestReader requests) {
    this.requests = requests;
  }

  WaitRequest read(Map<String, Object> body, boolean consumerIdsInBody) {
    List<String> known = consumerIdsInBody ? WITH_IDS : WITHOUT_IDS;
    for (String name : body.keySet()) {
      if (!known.contains(name)) {
        throw new WireException(FieldNames.unknownField(Echo.truncate(name), known));
      }
    }
    if (!body.containsKey(CONSISTENCY_TOKEN)) {
      throw RequestReader.fail(CONSISTENCY_TOKEN, "required");
    }
    String text = RequestReader.nonEmptyString(body.get(CONSISTENCY_TOKEN), CONSISTENCY_TOKEN);
    ConsistencyToken token;
    try {
      token = ConsistencyToken.parse(text);
    } catch (IllegalArgumentException e) {
      throw new WireException(WaitRequest.TOKEN_NOT_VALID);
    }
    List<String> ids = consumerIdsInBody ? consumerIds(body.get(CONSUMER_IDS)) : List.of();
    Duration timeout =
        body.get(TIMEOUT) == null
            ? AwaitConsumers.DEFAULT_TIMEOUT
            : requests.timeout(body.get(TIMEOUT), TIMEOUT);
    return new WaitRequest(token, ids, timeout);
  }

  private static List<String> consumerIds(Object value) {
    if (value == null) {
      throw RequestReader.fail(CONSUMER_IDS, "required: an array of consumer ids");
    }
    if (!(value instanceof List)) {
      throw RequestReader.fail(
          CONSUMER_IDS, "must be an array of consumer ids, found " + RequestReader.describe(value));
    }
    List<?> items = (List<?>) value;
    Set<String> ids = new LinkedHashSet<>();
    for (int i = 0; i < items.size(); i++) {
      ids.add(RequestReader.nonEmptyString(items.get(i), WirePaths.index(CONSUMER_IDS, i)));
    }
    if (ids.isEmpty()) {
      throw RequestReader.fail(CONSUMER_IDS, "must not be empty");
    }
    if (ids.size() > RequestReader.MAX_AWAITED_CONSUMERS) {
      throw RequestReader.fail(
          CONSUMER_IDS,
          "at most " + RequestReader.MAX_AWAITED_CONSUMERS + " consumers, found " + ids.size());
    }
    return new ArrayList<>(ids);
  }
}
