package io.mutationapi.server.http;

import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log: one line per request, at INFO (WARN for 5xx, with the cause if any), on logger
 * {@code io.mutationapi.server.http.MutationHttpHandler}. Never tokens or record data.
 */
final class AccessLog {
  private static final Logger log = LoggerFactory.getLogger(MutationHttpHandler.class);
  private static final String LINE =
      "request_id={} principal={} endpoint={} id={} sync={} collection={} kind={} count={} status={}"
          + " error={} replayed={} duration_ms={}";

  private AccessLog() {}

  /**
   * Writes the line of {@code exchange}, answered with {@code response}; the error code of a
   * replayed answer is read back from its body.
   */
  static void write(Exchange exchange, HandlerResponse response, Bodies bodies) {
    boolean serverError = response.status() >= 500;
    if (serverError ? !log.isWarnEnabled() : !log.isInfoEnabled()) {
      return;
    }
    long millis = (System.nanoTime() - exchange.start) / 1_000_000;
    Object[] args = {
      exchange.requestId,
      exchange.principal,
      exchange.endpoint,
      loggable(exchange.id),
      loggable(exchange.sync),
      loggable(exchange.collection),
      exchange.kind,
      exchange.count,
      response.status(),
      exchange.replayed ? bodies.errorCode(response.status(), response.body()) : exchange.errorCode,
      exchange.replayed,
      millis
    };
    if (!serverError) {
      log.info(LINE, args);
    } else if (exchange.cause != null) {
      Object[] withCause = Arrays.copyOf(args, args.length + 1);
      withCause[args.length] = exchange.cause;
      log.warn(LINE, withCause);
    } else {
      log.warn(LINE, args);
    }
  }

  /** A value from the request, fit for one log line: no control characters, not too long. */
  static String loggable(String value) {
    StringBuilder out = new StringBuilder(Math.min(value.length(), 100));
    for (int i = 0; i < value.length() && i < 100; i++) {
      char c = value.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    return value.length() > 100 ? out.append("...").toString() : out.toString();
  }
}
