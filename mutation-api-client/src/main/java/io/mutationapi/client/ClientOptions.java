package io.mutationapi.client;

import io.mutationapi.AwaitConsumers;
import io.mutationapi.MutationRequest;
import java.time.Duration;
import java.util.Optional;

/** The retry and timeout settings of a client. */
record ClientOptions(
    int maxRetries,
    Duration timeout,
    Duration connectTimeout,
    Duration readTimeout,
    Duration awaitTimeoutMargin) {

  static final Duration DEFAULT_TOTAL = Duration.ofMinutes(2);

  /** The read timeout of one attempt: an await never gets less than its timeout plus the margin. */
  Duration readTimeoutFor(MutationRequest request) {
    Optional<AwaitConsumers> await = request.awaitConsumers().filter(a -> !a.isEmpty());
    if (await.isEmpty()) {
      return readTimeout;
    }
    Duration awaitRead = await.get().timeout().plus(awaitTimeoutMargin);
    return awaitRead.compareTo(readTimeout) > 0 ? awaitRead : readTimeout;
  }

  /** The total deadline: as set, else 2 minutes stretched to fit one full attempt. */
  Duration totalTimeoutFor(MutationRequest request) {
    return totalTimeout(readTimeoutFor(request));
  }

  /** The total deadline of a request whose attempts have {@code readTimeout}. */
  Duration totalTimeout(Duration readTimeout) {
    if (timeout != null) {
      return timeout;
    }
    Duration oneAttempt = connectTimeout.plus(readTimeout);
    return oneAttempt.compareTo(DEFAULT_TOTAL) > 0 ? oneAttempt : DEFAULT_TOTAL;
  }
}
