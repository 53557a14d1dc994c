package io.mutationapi.server.webhook;

import io.mutationapi.MutationApiException;
import java.util.OptionalInt;

/**
 * A webhook did not accept a batch: it answered with a status other than 2xx, timed out, or could
 * not be reached. The message names the method, the URL without its query, the status or the error,
 * and the number of attempts; never the body.
 */
public final class WebhookDeliveryException extends MutationApiException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final int attempts;

  WebhookDeliveryException(String message, int statusCode, int attempts, Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
    this.attempts = attempts;
  }

  /** Returns the status of the last answer, if the webhook answered at all. */
  public OptionalInt statusCode() {
    return statusCode < 0 ? OptionalInt.empty() : OptionalInt.of(statusCode);
  }

  /** Returns how many times the batch was sent. */
  public int attempts() {
    return attempts;
  }
}
