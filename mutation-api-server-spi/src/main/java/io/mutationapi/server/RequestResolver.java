package io.mutationapi.server;

import io.mutationapi.AwaitConsumers;
import io.mutationapi.ErrorCode;
import io.mutationapi.MutationRequest;
import io.mutationapi.internal.Echo;
import io.mutationapi.server.spi.Authenticator;
import io.mutationapi.server.spi.ChangeStream;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.ServerObserver;
import io.mutationapi.server.spi.Subscription;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Step 1 of the wire contract: everything that can refuse a request before the upstream is called
 * (unknown or forbidden sync, unknown collection, limits, unknown or unsubscribed consumers, a full
 * stream), in the contract's order.
 */
final class RequestResolver {
  private final Map<String, MutationEngine.Sync> syncs;
  private final Map<String, Subscription> consumers;
  private final ChangeStream stream;
  private final Authenticator authorizer;
  private final EngineSettings settings;
  private final ServerObserver observer;

  RequestResolver(
      Map<String, MutationEngine.Sync> syncs,
      Map<String, Subscription> consumers,
      ChangeStream stream,
      Authenticator authorizer,
      EngineSettings settings,
      ServerObserver observer) {
    this.observer = observer;
    this.syncs = syncs;
    this.consumers = consumers;
    this.stream = stream;
    this.authorizer = authorizer;
    this.settings = settings;
  }

  /** Returns why {@code request} is refused, or null if it may run. */
  MutationOutcome.Failure refusal(MutationRequest request, Principal principal) {
    MutationEngine.Sync sync = syncs.get(request.syncId());
    Authenticator.Access access =
        sync == null ? Authenticator.Access.HIDDEN : authorizer.access(principal, sync.syncId());
    if (access == Authenticator.Access.HIDDEN) {
      return ErrorAnswers.failure(
          ErrorCode.NOT_FOUND, "Unknown sync_id '" + Echo.truncate(request.syncId()) + "'");
    }
    if (access != Authenticator.Access.MUTATE) {
      return ErrorAnswers.failure(
          ErrorCode.FORBIDDEN,
          "Not allowed to mutate sync_id '" + Echo.truncate(request.syncId()) + "'");
    }
    if (!sync.collectionIds().contains(request.collectionId())) {
      return ErrorAnswers.failure(
          ErrorCode.NOT_FOUND,
          "Unknown collection_id '"
              + Echo.truncate(request.collectionId())
              + "' in sync_id '"
              + Echo.truncate(request.syncId())
              + "'");
    }
    if (request.size() > settings.maxRecords()) {
      String field = request instanceof MutationRequest.Delete ? "upstream_ids" : "records";
      return ErrorAnswers.failure(
          ErrorCode.VALIDATION_ERROR,
          field + ": at most " + settings.maxRecords() + " per request, got " + request.size());
    }
    Optional<AwaitConsumers> await = request.awaitConsumers();
    if (await.isPresent()) {
      MutationOutcome.Failure refused = awaitRefusal(request, await.get());
      if (refused != null) {
        return refused;
      }
    }
    if (stream.isFull()) {
      observer.overloaded(ServerObserver.Overload.STREAM_FULL);
      return ErrorAnswers.unavailable(
          "The change stream cannot take changes now (it is full because consumers are behind, or"
              + " its cluster is unavailable); nothing was applied; retry later");
    }
    return null;
  }

  private MutationOutcome.Failure awaitRefusal(MutationRequest request, AwaitConsumers await) {
    if (await.timeout().compareTo(settings.maxAwaitTimeout()) > 0) {
      return ErrorAnswers.failure(
          ErrorCode.VALIDATION_ERROR,
          "await_consumers_timeout: at most "
              + settings.maxAwaitTimeout().toMillis()
              + ", got "
              + await.timeout().toMillis());
    }
    List<String> ids = await.consumerIds();
    for (int i = 0; i < ids.size(); i++) {
      Subscription subscription = consumers.get(ids.get(i));
      if (subscription == null) {
        return ErrorAnswers.failure(
            ErrorCode.UNKNOWN_CONSUMER,
            "await_consumer_ids[" + i + "]: unknown consumer '" + Echo.truncate(ids.get(i)) + "'");
      }
      if (!subscription.consumes(request.collectionId())) {
        return ErrorAnswers.failure(
            ErrorCode.CONSUMER_NOT_SUBSCRIBED,
            "await_consumer_ids["
                + i
                + "]: consumer '"
                + Echo.truncate(ids.get(i))
                + "' does not consume collection_id '"
                + Echo.truncate(request.collectionId())
                + "'");
      }
    }
    return null;
  }
}
