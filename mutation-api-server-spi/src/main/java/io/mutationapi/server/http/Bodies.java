package io.mutationapi.server.http;

import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.MutationResult;
import io.mutationapi.internal.WaitRequest;
import io.mutationapi.internal.WireCodec;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;

/**
 * The JSON of requests and answers: reads a request body, writes results and error bodies (with
 * their {@code docs} link), and reads back the error code of a stored body. Thread-safe.
 */
final class Bodies {
  private final WireCodec codec;
  private final String docsUrl;

  Bodies(HandlerSettings settings) {
    this.codec = new WireCodec(settings.limits());
    this.docsUrl = settings.docsUrl();
  }

  /** Parses and validates a request body; see {@link WireCodec#readRequest}. */
  MutationRequest request(InputStream body) {
    return codec.readRequest(body);
  }

  /** Writes a success body. */
  byte[] result(MutationResult result) {
    return codec.writeResult(result);
  }

  /**
   * Parses and validates the body of a wait for a consistency token; see {@link
   * WireCodec#readWaitRequest}.
   */
  WaitRequest waitRequest(byte[] body, boolean consumerIdsInBody) {
    return codec.readWaitRequest(new ByteArrayInputStream(body), consumerIdsInBody);
  }

  /** Writes the answer to a wait whose consumers reached the token. */
  byte[] waitAnswer(List<String> consumerIds) {
    return codec.writeWaitAnswer(consumerIds);
  }

  /** Writes a value of the JSON model (maps, lists, strings, numbers, records) as a body. */
  byte[] json(Object value) {
    return codec.writeValue(value);
  }

  /**
   * Reads a small body into the JSON model, within the codec's limits.
   *
   * @throws io.mutationapi.internal.WireException if it is not JSON
   */
  Object value(byte[] body) {
    return codec.readValue(body);
  }

  /** Writes an error body, linking its code's entry in the error reference. */
  byte[] error(MutationError error) {
    if (docsUrl != null && error.docs().isEmpty() && error.code().isPresent()) {
      error = error.withDocs(List.of(docsUrl + "#" + error.code().get().value()));
    }
    return codec.writeError(error);
  }

  /**
   * Returns the error code of an error body that an earlier request wrote, for the access log;
   * {@code -} for a success or a body that cannot be read.
   */
  String errorCode(int status, byte[] body) {
    if (status < 400) {
      return "-";
    }
    try {
      return codec
          .readError(status, body)
          .code()
          .map(code -> AccessLog.loggable(code.value()))
          .orElse("-");
    } catch (RuntimeException e) {
      return "-";
    }
  }
}
