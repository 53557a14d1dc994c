package io.mutationapi.server;

import io.mutationapi.server.spi.ServerObserver;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's {@link ServerObserver}, made safe for the request path: whatever it throws is caught,
 * logged the first time (a warning with the stack trace), and ignored after. Thread-safe if the
 * observer is.
 */
final class GuardedObserver implements ServerObserver {
  private static final Logger log = LoggerFactory.getLogger(GuardedObserver.class);

  private final ServerObserver observer;
  private final AtomicBoolean logged = new AtomicBoolean();

  private GuardedObserver(ServerObserver observer) {
    this.observer = observer;
  }

  /** Returns {@code observer} guarded; {@link ServerObserver#NONE} as it is. */
  static ServerObserver of(ServerObserver observer) {
    return observer == NONE || observer instanceof GuardedObserver
        ? observer
        : new GuardedObserver(observer);
  }

  @Override
  public void requestAnswered(
      String endpoint,
      String kind,
      int status,
      String errorCode,
      boolean replayed,
      long durationNanos) {
    try {
      observer.requestAnswered(endpoint, kind, status, errorCode, replayed, durationNanos);
    } catch (RuntimeException e) {
      threw(e);
    }
  }

  @Override
  public void upstreamCalled(
      String syncId, int records, long durationNanos, UpstreamResult result) {
    try {
      observer.upstreamCalled(syncId, records, durationNanos, result);
    } catch (RuntimeException e) {
      threw(e);
    }
  }

  @Override
  public void awaitFinished(int consumers, long waitNanos, AwaitResult result) {
    try {
      observer.awaitFinished(consumers, waitNanos, result);
    } catch (RuntimeException e) {
      threw(e);
    }
  }

  @Override
  public void rateLimited(String syncId, boolean byUpstream) {
    try {
      observer.rateLimited(syncId, byUpstream);
    } catch (RuntimeException e) {
      threw(e);
    }
  }

  @Override
  public void overloaded(Overload reason) {
    try {
      observer.overloaded(reason);
    } catch (RuntimeException e) {
      threw(e);
    }
  }

  @Override
  public void consumerBatch(String consumerId, int events, long durationNanos, boolean succeeded) {
    try {
      observer.consumerBatch(consumerId, events, durationNanos, succeeded);
    } catch (RuntimeException e) {
      threw(e);
    }
  }

  private void threw(RuntimeException e) {
    if (logged.compareAndSet(false, true)) {
      log.warn(
          "The server observer {} threw; this and later exceptions of it are ignored", observer, e);
    }
  }

  @Override
  public String toString() {
    return "GuardedObserver{" + observer + "}";
  }
}
