package io.mutationapi.testing.salesforce;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The counters of a {@link FakeSalesforce}: token and data calls received, the API usage count and
 * allocation reported in {@code Sforce-Limit-Info}, and the time spent handling calls. Thread-safe:
 * each counter is atomic on its own; {@link #setApiUsage} sets the allocation before the count.
 */
final class Traffic {
  private final AtomicLong tokenRequests = new AtomicLong();
  private final AtomicLong dataRequests = new AtomicLong();
  private final AtomicLong apiUsed = new AtomicLong();
  private final AtomicLong handlingNanos = new AtomicLong();
  private final AtomicLong handled = new AtomicLong();
  private volatile long apiLimit;

  Traffic(long apiLimit) {
    this.apiLimit = apiLimit;
  }

  long tokenRequests() {
    return tokenRequests.get();
  }

  long dataRequests() {
    return dataRequests.get();
  }

  long apiUsage() {
    return apiUsed.get();
  }

  long apiLimit() {
    return apiLimit;
  }

  /** Sets the usage count and the allocation, both already checked to be non-negative. */
  void setApiUsage(long used, long max) {
    apiLimit = max;
    apiUsed.set(used);
  }

  Duration handlingTime() {
    return Duration.ofNanos(handlingNanos.get());
  }

  long handledCalls() {
    return handled.get();
  }

  void addHandlingTime(long nanos) {
    handlingNanos.addAndGet(nanos);
    handled.incrementAndGet();
  }

  void countTokenRequest() {
    tokenRequests.incrementAndGet();
  }

  void countDataRequest() {
    dataRequests.incrementAndGet();
  }

  long countApiCall() {
    return apiUsed.incrementAndGet();
  }
}
