package io.mutationapi.server.webhook;

import io.mutationapi.server.spi.ChangeEvent;
import java.util.List;

/**
 * Takes a batch that a {@link WebhookConsumer} gave up on after its maximum age, so the stream can
 * move on: store it somewhere to replay, or raise an alert.
 *
 * <p>When the handler returns, the consumer reports the batch as processed but not applied: its
 * progress advances and later events are delivered, and a request still awaiting these events is
 * answered {@code record_not_applied} rather than success. If the handler throws, the batch is not
 * given up: the stream delivers it again and the webhook is tried again from the start.
 *
 * <p>Threading: called on an HTTP client thread; may be called concurrently for different
 * partitions.
 */
@FunctionalInterface
public interface WebhookDeadLetterHandler {

  /**
   * Takes {@code batch}, which the webhook never accepted; {@code lastFailure} says why.
   *
   * @param batch the events, in stream order, all of one partition
   * @param lastFailure the last attempt's failure, with the number of attempts
   */
  void deadLetter(List<ChangeEvent> batch, WebhookDeliveryException lastFailure);
}
