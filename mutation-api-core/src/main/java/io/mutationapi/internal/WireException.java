package io.mutationapi.internal;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationApiException;
import java.util.Objects;

/**
 * A body that breaks the wire contract. The message names the JSON path of the problem, e.g. {@code
 * "records[3].upstream_id: required for update"}.
 */
public final class WireException extends MutationApiException {
  private static final long serialVersionUID = 1L;

  private final transient ErrorCode code;

  /** Creates an exception with {@link ErrorCode#VALIDATION_ERROR}. */
  public WireException(String message) {
    this(ErrorCode.VALIDATION_ERROR, message, null);
  }

  /** Creates an exception with {@link ErrorCode#VALIDATION_ERROR} and a cause. */
  public WireException(String message, Throwable cause) {
    this(ErrorCode.VALIDATION_ERROR, message, cause);
  }

  /** Creates an exception with a code. */
  public WireException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** Returns the error code that the server answers with. */
  public ErrorCode code() {
    return code;
  }
}
