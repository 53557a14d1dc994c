package io.mutationapi.server.jetty;

import io.mutationapi.server.http.HandlerResponse;
import io.mutationapi.server.http.MutationHttpHandler;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the requests Jetty refuses before the handler sees them (a malformed request line,
 * framing or version; headers over the limit) in the JSON error envelope of the wire contract,
 * instead of Jetty's HTML page. Messages name the problem by its status, never echo the request.
 */
final class EnvelopeErrorHandler extends ErrorHandler {
  private final MutationHttpHandler handler;

  EnvelopeErrorHandler(MutationHttpHandler handler) {
    this.handler = handler;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    if (status < 400 || status > 599) {
      status = 500;
    }
    HandlerResponse answer =
        handler.transportError(status, detail(status), request.getHeaders().get("X-Request-Id"));
    response.setStatus(status);
    answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
    response.write(true, ByteBuffer.wrap(answer.body()), callback);
    return true;
  }

  /** A message per status: Jetty's reasons can quote the request, so they are not passed on. */
  static String detail(int status) {
    switch (status) {
      case 400:
        return "Malformed HTTP request: check the request line, the header fields, Content-Length and"
            + " Transfer-Encoding";
      case 413:
        return "Request body is too large";
      case 414:
        return "Request URI is too long";
      case 431:
        return "Request headers are too large";
      case 501:
        return "Not implemented: the request uses a transfer coding or method this server does not"
            + " support";
      case 505:
        return "HTTP version not supported; use HTTP/1.1";
      case 500:
        return "Internal server error";
      default:
        String reason = HttpStatus.getMessage(status);
        return reason == null ? "HTTP " + status : reason.toLowerCase(Locale.ROOT);
    }
  }
}
