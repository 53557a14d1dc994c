package io.mutationapi.server;

import io.mutationapi.Record;
import io.mutationapi.internal.Futures;
import io.mutationapi.server.spi.ChangeStream;
import io.mutationapi.server.spi.UpstreamException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what an upstream call applied after its request was answered {@code 504}, so that the
 * stream never falls behind the upstream; a failure to publish is logged, since nobody waits.
 */
final class LatePublisher {
  private static final Logger log = LoggerFactory.getLogger(MutationEngine.class);

  private final ChangeStream stream;

  LatePublisher(ChangeStream stream) {
    this.stream = stream;
  }

  /** Publishes the records of a late answer: all of a success, the applied ones of a failure. */
  void publish(String syncId, Duration timeout, List<Record> records, Throwable error) {
    Throwable cause = error == null ? null : Futures.unwrap(error);
    List<Record> applied;
    if (error == null && records != null) {
      applied = new ArrayList<>(records);
    } else if (cause instanceof UpstreamException) {
      applied = ((UpstreamException) cause).applied();
    } else {
      applied = List.of();
    }
    log.warn(
        "sync={} upstream answered after its timeout of {}: {} records applied late{}",
        syncId,
        timeout,
        applied.size(),
        applied.isEmpty() ? "" : ", published now");
    if (applied.isEmpty()) {
      return;
    }
    try {
      stream
          .publish(List.copyOf(applied))
          .whenComplete(
              (positions, publishError) -> {
                if (publishError != null) {
                  failed(syncId, applied.size(), publishError);
                }
              });
    } catch (RuntimeException e) {
      failed(syncId, applied.size(), e);
    }
  }

  private static void failed(String syncId, int count, Throwable error) {
    log.error(
        "sync={} could not publish {} records the upstream applied late", syncId, count, error);
  }
}
