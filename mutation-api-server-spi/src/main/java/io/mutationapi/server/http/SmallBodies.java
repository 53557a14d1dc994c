package io.mutationapi.server.http;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.internal.Echo;
import io.mutationapi.internal.WireException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The small JSON bodies of the Consume API ({@code /next} parameters, {@code ack_tokens}): read
 * whole, up to {@link #MAX_BYTES}, into the codec's JSON model, as one object with known fields
 * only. Thread-safe.
 */
final class SmallBodies {
  /** The largest body of these endpoints: 1 MiB, far above 1,000 ack tokens. */
  static final int MAX_BYTES = 1024 * 1024;

  private final Bodies bodies;

  SmallBodies(Bodies bodies) {
    this.bodies = bodies;
  }

  /** Thrown with the error a body is answered with; carries no stack trace. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final transient MutationError error;

    Refused(MutationError error) {
      super(error.message(), null, false, false);
      this.error = error;
    }

    static Refused invalid(String detail) {
      return new Refused(MutationError.of(ErrorCode.VALIDATION_ERROR, detail));
    }
  }

  /**
   * Returns the request's body bytes, or none if it has none: {@code 413} from a declared {@code
   * Content-Length} over the limit before reading, or as soon as more is read.
   */
  byte[] read(HandlerRequest request) throws Refused {
    Optional<String> length = request.header("Content-Length");
    if (length.isPresent() && MutationEndpoint.tooLarge(length.get(), MAX_BYTES)) {
      throw new Refused(MutationEndpoint.tooLarge(MAX_BYTES));
    }
    // Not closed: the binding owns the body.
    InputStream in = new LimitedInputStream(request.body(), MAX_BYTES);
    try {
      return in.readAllBytes();
    } catch (LimitedInputStream.BodyTooLargeException e) {
      throw new Refused(MutationEndpoint.tooLarge(MAX_BYTES));
    } catch (IOException | UncheckedIOException e) {
      throw Refused.invalid("Could not read the request body");
    }
  }

  /**
   * Parses {@code body} as one JSON object whose fields are all in {@code known}.
   *
   * @throws Refused {@code 400} for malformed JSON, another value than an object, or an unknown
   *     field (named, at most 64 characters of it)
   */
  Map<String, Object> object(byte[] body, Set<String> known) throws Refused {
    Object value;
    try {
      value = bodies.value(body);
    } catch (WireException e) {
      throw new Refused(MutationError.of(e.code(), e.getMessage()));
    }
    if (!(value instanceof Map)) {
      throw Refused.invalid("$: the body must be a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> object = (Map<String, Object>) value;
    for (String name : object.keySet()) {
      if (!known.contains(name)) {
        throw Refused.invalid(
            "unknown field '"
                + Echo.truncate(name)
                + "'; known: "
                + String.join(", ", known.stream().sorted().toList()));
      }
    }
    return object;
  }
}
