package io.mutationapi.server.http;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.server.spi.AckOutcome;
import io.mutationapi.server.spi.ConsumeService;
import io.mutationapi.server.spi.PullOutcome;
import io.mutationapi.server.spi.PullRequest;
import io.mutationapi.server.spi.PulledMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The Consume API once routed and authenticated: {@code GET|POST /v1/http-consumers/{id}/next},
 * {@code POST .../ack} and {@code POST .../nack}, on a {@link ConsumeService}. Bodies are small and
 * read whole, up to {@link SmallBodies#MAX_BYTES}. Thread-safe.
 */
final class ConsumeEndpoints {
  static final String ACK_TOKENS = "ack_tokens";
  static final int MAX_ACK_TOKENS = 1000;

  private final ConsumeService service;
  private final HandlerSettings settings;
  private final Bodies bodies;
  private final SmallBodies small;

  ConsumeEndpoints(ConsumeService service, HandlerSettings settings, Bodies bodies) {
    this.service = service;
    this.settings = settings;
    this.bodies = bodies;
    this.small = new SmallBodies(bodies);
  }

  /** {@code /next}: parameters in the query string or a JSON body, never in both. */
  CompletionStage<HandlerResponse> next(Call call) {
    Exchange exchange = call.exchange();
    HandlerRequest request = call.request();
    PullRequest pull;
    try {
      Map<String, Object> body = Map.of();
      if (request.method().equals("POST")) {
        Optional<String> type = request.header("Content-Type");
        if (type.isPresent() && !ContentType.isJson(type)) {
          return unsupported(exchange);
        }
        byte[] bytes = small.read(request);
        if (bytes.length > 0) {
          if (type.isEmpty()) {
            return unsupported(exchange);
          }
          body = small.object(bytes, PullParams.NAMES);
        }
      }
      pull = PullParams.of(request.query(), body, settings.limits().maxAwaitTimeout());
    } catch (SmallBodies.Refused e) {
      return exchange.error(e.error);
    }
    exchange.count = pull.batchSize();
    return service
        .next(call.id(), pull, call.principal())
        .thenApply(outcome -> pulled(exchange, outcome));
  }

  /** {@code /ack}: {@code 204}, or {@code 400} listing the tokens that were not acked. */
  CompletionStage<HandlerResponse> ack(Call call) {
    return acknowledge(call, true);
  }

  /** {@code /nack}: {@code 204}, or {@code 400} listing the tokens that were not nacked. */
  CompletionStage<HandlerResponse> nack(Call call) {
    return acknowledge(call, false);
  }

  private CompletionStage<HandlerResponse> acknowledge(Call call, boolean ack) {
    Exchange exchange = call.exchange();
    List<String> tokens;
    try {
      tokens = tokens(small.object(small.read(call.request()), Set.of(ACK_TOKENS)));
    } catch (SmallBodies.Refused e) {
      return exchange.error(e.error);
    }
    exchange.count = tokens.size();
    AckOutcome outcome =
        ack
            ? service.ack(call.id(), tokens, call.principal())
            : service.nack(call.id(), tokens, call.principal());
    return CompletableFuture.completedFuture(acknowledged(exchange, outcome, ack, tokens.size()));
  }

  private static List<String> tokens(Map<String, Object> body) throws SmallBodies.Refused {
    Object value = body.get(ACK_TOKENS);
    if (!(value instanceof List)) {
      throw SmallBodies.Refused.invalid(
          ACK_TOKENS
              + (value == null ? ": required" : ": must be an array of strings")
              + ", e.g. {\"ack_tokens\": [\"...\"]}");
    }
    List<?> list = (List<?>) value;
    if (list.isEmpty() || list.size() > MAX_ACK_TOKENS) {
      throw SmallBodies.Refused.invalid(
          ACK_TOKENS + ": must hold 1 to " + MAX_ACK_TOKENS + " tokens, got " + list.size());
    }
    List<String> tokens = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof String) || ((String) list.get(i)).isEmpty()) {
        throw SmallBodies.Refused.invalid(ACK_TOKENS + "[" + i + "]: must be a non-empty string");
      }
      tokens.add((String) list.get(i));
    }
    return tokens;
  }

  private HandlerResponse pulled(Exchange exchange, PullOutcome outcome) {
    if (outcome instanceof PullOutcome.Refused) {
      return refused(exchange, ((PullOutcome.Refused) outcome).error());
    }
    PullOutcome.Pulled pulled = (PullOutcome.Pulled) outcome;
    List<Object> data = new ArrayList<>(pulled.messages().size());
    for (PulledMessage message : pulled.messages()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("ack_token", message.ackToken());
      item.put("record", message.record());
      item.put("delivery_count", message.deliveryCount());
      data.add(item);
    }
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("num_pending", pulled.numPending());
    info.put("num_ack_pending", pulled.numAckPending());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("data", data);
    body.put("info", info);
    exchange.count = data.size();
    return exchange.json(body);
  }

  private HandlerResponse acknowledged(
      Exchange exchange, AckOutcome outcome, boolean ack, int sent) {
    if (outcome instanceof AckOutcome.Refused) {
      return refused(exchange, ((AckOutcome.Refused) outcome).error());
    }
    AckOutcome.Done done = (AckOutcome.Done) outcome;
    if (done.rejected().isEmpty()) {
      return exchange.noContent();
    }
    String verb = ack ? "acked" : "nacked";
    AckOutcome.RejectedToken first = done.rejected().get(0);
    int failed = done.rejected().size();
    MutationError error =
        MutationError.of(
            ErrorCode.VALIDATION_ERROR,
            first.message()
                + " ("
                + done.done()
                + " of "
                + sent
                + " tokens were "
                + verb
                + "; "
                + failed
                + (failed == 1 ? " was" : " were")
                + " not: see failures)");
    List<MutationError.Failure> failures = new ArrayList<>(failed);
    for (AckOutcome.RejectedToken rejected : done.rejected()) {
      failures.add(new MutationError.Failure(rejected.index(), rejected.message()));
    }
    exchange.noteCode(error);
    @SuppressWarnings("unchecked")
    Map<String, Object> body =
        (Map<String, Object>) bodies.value(bodies.error(error.withFailures(failures)));
    Map<String, Object> ordered = new LinkedHashMap<>();
    body.forEach(
        (name, value) -> {
          if (name.equals("failures")) {
            ordered.put(verb, done.done());
          }
          ordered.put(name, value);
        });
    return exchange.response(400, bodies.json(ordered));
  }

  private static HandlerResponse refused(Exchange exchange, MutationError error) {
    if (error.status() == 503) {
      exchange.header("Retry-After", "1");
    }
    return exchange.errorResponse(error);
  }

  private static CompletionStage<HandlerResponse> unsupported(Exchange exchange) {
    return exchange.error(
        MutationError.of(
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            "Content-Type must be application/json for a body; or send the parameters in the"
                + " query string, without a body"));
  }
}
