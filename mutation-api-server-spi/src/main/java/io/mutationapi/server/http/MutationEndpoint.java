package io.mutationapi.server.http;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.internal.WireException;
import io.mutationapi.server.spi.IdempotencyStore;
import io.mutationapi.server.spi.MutationService;
import io.mutationapi.server.spi.Principal;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /v1/mutations/run} once routed and authenticated: the declared size ({@code 413}),
 * the {@code Idempotency-Key}, parsing while the body arrives, the {@link MutationService}, and its
 * outcome as a response. Thread-safe.
 */
final class MutationEndpoint {
  private final MutationService service;
  private final HandlerSettings settings;
  private final Bodies bodies;
  private final IdempotentRequests idempotent;

  MutationEndpoint(
      MutationService service,
      IdempotencyStore idempotencyStore,
      HandlerSettings settings,
      Bodies bodies) {
    this.service = service;
    this.settings = settings;
    this.bodies = bodies;
    this.idempotent =
        new IdempotentRequests(idempotencyStore, settings.maxBodyBytes(), this::parseAndRun);
  }

  /** Answers a routed, authenticated request whose content type was checked. */
  CompletionStage<HandlerResponse> answer(Call call) {
    HandlerRequest request = call.request();
    Exchange exchange = call.exchange();
    Optional<String> length = request.header("Content-Length");
    if (length.isPresent() && tooLarge(length.get(), settings.maxBodyBytes())) {
      return exchange.error(tooLarge(settings.maxBodyBytes()));
    }
    Optional<String> idempotencyKey = request.header(MutationHttpHandler.IDEMPOTENCY_KEY);
    if (idempotencyKey.isPresent()) {
      // Keys are scoped to the token that sent them, so keys of different tokens never meet.
      String scope = call.token().map(IdempotentRequests::scopeOf).orElse("anonymous");
      return idempotent.run(request, call.principal(), scope, idempotencyKey.get(), exchange);
    }
    // Without a key the body is parsed as it arrives, never buffered whole.
    return parseAndRun(
        new LimitedInputStream(request.body(), settings.maxBodyBytes()),
        call.principal(),
        exchange);
  }

  private CompletionStage<HandlerResponse> parseAndRun(
      InputStream body, Principal principal, Exchange exchange) {
    MutationRequest mutation;
    try {
      mutation = bodies.request(body);
    } catch (WireException e) {
      return exchange.error(MutationError.of(e.code(), e.getMessage()));
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof LimitedInputStream.BodyTooLargeException) {
        return exchange.error(tooLarge(settings.maxBodyBytes()));
      }
      return exchange.error(
          MutationError.of(ErrorCode.VALIDATION_ERROR, "Could not read the request body"));
    }
    exchange.describe(mutation);
    return service.run(mutation, principal, exchange.requestId).thenApply(exchange::outcome);
  }

  static MutationError tooLarge(long maxBodyBytes) {
    return MutationError.of(
        ErrorCode.PAYLOAD_TOO_LARGE, "Request body is larger than " + maxBodyBytes + " bytes");
  }

  /** Whether a declared {@code Content-Length} is over {@code max}; false if it is not a number. */
  static boolean tooLarge(String contentLength, long max) {
    try {
      return Long.parseLong(contentLength.trim()) > max;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
