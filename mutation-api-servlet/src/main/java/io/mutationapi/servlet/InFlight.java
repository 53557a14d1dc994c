package io.mutationapi.servlet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests a {@link MutationServlet} is answering, and its shutdown: once closing, new requests
 * are refused, those in flight get a grace period, and the rest are answered 503. Thread-safe.
 */
final class InFlight {
  private static final Logger log = LoggerFactory.getLogger(InFlight.class);

  private final Set<ServletExchange> exchanges = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CompletableFuture<Void> drained = new CompletableFuture<>();

  boolean closing() {
    return closing.get();
  }

  /** Adds {@code exchange}; false if closing (the caller answers 503). */
  boolean add(ServletExchange exchange) {
    exchanges.add(exchange);
    if (closing.get()) {
      exchanges.remove(exchange);
      return false;
    }
    return true;
  }

  void remove(ServletExchange exchange) {
    exchanges.remove(exchange);
    if (closing.get() && exchanges.isEmpty()) {
      drained.complete(null);
    }
  }

  int size() {
    return exchanges.size();
  }

  /**
   * Refuses new requests, waits up to {@code gracePeriod} for those in flight, then answers 503 to
   * the rest. Returns false if it had already begun.
   */
  boolean shutDown(Duration gracePeriod) {
    if (!closing.compareAndSet(false, true)) {
      return false;
    }
    if (exchanges.isEmpty()) {
      drained.complete(null);
    }
    try {
      drained.get(gracePeriod.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn(
          "{} requests still running after the grace period of {}; answering 503",
          exchanges.size(),
          gracePeriod);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
    for (ServletExchange exchange : new ArrayList<>(exchanges)) {
      exchange.shutDown();
    }
    return true;
  }
}
