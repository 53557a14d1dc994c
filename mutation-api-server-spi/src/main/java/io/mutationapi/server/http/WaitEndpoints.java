package io.mutationapi.server.http;

import io.mutationapi.MutationError;
import io.mutationapi.internal.WaitRequest;
import io.mutationapi.internal.WireException;
import io.mutationapi.server.spi.MutationService;
import io.mutationapi.server.spi.WaitOutcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Waits for a consistency token once routed and authenticated: {@code POST /v1/consumers/{id}/wait}
 * and {@code POST /v1/consumers/wait} (consumers in {@code consumer_ids}), on {@link
 * MutationService#await}. The body is small and read whole, up to {@link SmallBodies#MAX_BYTES}.
 * {@code 200 {"consumer_ids": [...]}} once every consumer reached the token; errors in the
 * envelope. Thread-safe.
 */
final class WaitEndpoints {
  private final MutationService service;
  private final Bodies bodies;
  private final SmallBodies small;

  WaitEndpoints(MutationService service, Bodies bodies) {
    this.service = service;
    this.bodies = bodies;
    this.small = new SmallBodies(bodies);
  }

  /** {@code POST /v1/consumers/{id}/wait}. */
  CompletionStage<HandlerResponse> one(Call call) {
    return answer(call, false);
  }

  /** {@code POST /v1/consumers/wait}. */
  CompletionStage<HandlerResponse> many(Call call) {
    return answer(call, true);
  }

  private CompletionStage<HandlerResponse> answer(Call call, boolean idsInBody) {
    Exchange exchange = call.exchange();
    WaitRequest wait;
    try {
      wait = bodies.waitRequest(small.read(call.request()), idsInBody);
    } catch (SmallBodies.Refused e) {
      return exchange.error(e.error);
    } catch (WireException e) {
      return exchange.error(MutationError.of(e.code(), e.getMessage()));
    }
    List<String> ids = idsInBody ? wait.consumerIds() : List.of(call.id());
    exchange.count = ids.size();
    return service
        .await(wait.token(), ids, wait.timeout(), call.principal())
        .thenApply(outcome -> respond(exchange, outcome));
  }

  private HandlerResponse respond(Exchange exchange, WaitOutcome outcome) {
    if (outcome instanceof WaitOutcome.Reached) {
      return exchange.bytes(bodies.waitAnswer(((WaitOutcome.Reached) outcome).consumerIds()));
    }
    WaitOutcome.Failure failure = (WaitOutcome.Failure) outcome;
    failure
        .retryAfter()
        .map(WaitEndpoints::ceilSeconds)
        .ifPresent(s -> exchange.header("Retry-After", Long.toString(Math.max(1, s))));
    return exchange.errorResponse(failure.error());
  }

  private static long ceilSeconds(Duration d) {
    return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
  }
}
