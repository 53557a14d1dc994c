package io.mutationapi;

/**
 * The root of every exception this library throws for a failed mutation.
 *
 * <p>Unchecked. Subclasses are chosen by what the caller can do next: fix the request, retry, or
 * treat the outcome as unknown.
 */
public class MutationApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message. */
  public MutationApiException(String message) {
    super(message);
  }

  /** Creates an exception with a message and a cause. */
  public MutationApiException(String message, Throwable cause) {
    super(message, cause);
  }
}
