package io.mutationapi.client;

import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

/**
 * The network interceptor every client adds first: it keeps OkHttp from acting on an answer by
 * itself, and tells a pooled connection the server had already closed apart from a request that may
 * have reached the server.
 *
 * <ul>
 *   <li>A failure on a connection that served an earlier exchange, before a single byte of the
 *       answer arrived (end of stream at once, reset, broken pipe), is the server having closed an
 *       idle connection: it becomes a {@link StaleConnectionException}, which the retry loop sends
 *       again on another connection without spending an attempt.
 *   <li>An HTTP/1.0 answer without {@code Connection: keep-alive} means the server closes the
 *       connection after it; OkHttp would pool it anyway, so its socket is closed once the body has
 *       been read, and the pool drops it.
 *   <li>{@code Retry-After} on a 503 is moved to a header of the client's own before OkHttp sees
 *       it: OkHttp re-sends a 503 with {@code Retry-After: 0} by itself, whatever its retry
 *       setting, and fails on a value that is not an {@code int}.
 * </ul>
 */
final class ConnectionGuard implements Interceptor {
  /** Where a 503's {@code Retry-After} goes. */
  static final String RETRY_AFTER = "Mutation-Client-Retry-After";

  /**
   * Connections that have carried an exchange. Shared by every client, because clients built on one
   * {@code OkHttpClient} share its pool; weak, so closed connections go away.
   */
  private static final Map<Connection, Boolean> USED =
      Collections.synchronizedMap(new WeakHashMap<>());

  @Override
  public Response intercept(Chain chain) throws IOException {
    Connection connection = chain.connection();
    boolean reused = connection != null && USED.put(connection, Boolean.TRUE) != null;
    Response response;
    try {
      response = chain.proceed(chain.request());
    } catch (IOException e) {
      if (reused && closedBeforeAnswer(e)) {
        throw new StaleConnectionException(e);
      }
      throw e;
    }
    if (response.code() == 503 && response.header("Retry-After") != null) {
      response =
          response
              .newBuilder()
              .removeHeader("Retry-After")
              .header(RETRY_AFTER, response.header("Retry-After"))
              .build();
    }
    if (connection != null && closesAfter(response)) {
      response = response.newBuilder().body(new ClosingBody(response, connection.socket())).build();
    }
    return response;
  }

  private static boolean closesAfter(Response response) {
    String header = response.header("Connection");
    return response.protocol() == Protocol.HTTP_1_0
        && (header == null || !header.toLowerCase(java.util.Locale.ROOT).contains("keep-alive"));
  }

  /**
   * True if the exchange failed because the other end had closed the connection before answering: a
   * reset or broken pipe, or the end of the stream before the first byte of the status line.
   */
  static boolean closedBeforeAnswer(IOException e) {
    if (e instanceof SocketException) {
      return true;
    }
    // OkHttp: "unexpected end of stream on <url>", caused by Okio's "\n not found: limit=0 ..."
    // when not one byte of the status line had arrived.
    Throwable cause = e.getCause();
    return cause instanceof EOFException
        && cause.getMessage() != null
        && cause.getMessage().contains("limit=0 ");
  }

  /** A failure on a pooled connection that the server had already closed. */
  static final class StaleConnectionException extends IOException {
    private static final long serialVersionUID = 1L;

    StaleConnectionException(IOException cause) {
      super("a pooled connection had been closed by the server: " + cause, cause);
    }
  }

  /** A body that closes the socket once it has been read or closed. */
  private static final class ClosingBody extends ResponseBody {
    private final ResponseBody delegate;
    private final BufferedSource source;

    ClosingBody(Response response, Socket socket) {
      this.delegate = response.body();
      long length = delegate.contentLength();
      this.source =
          Okio.buffer(
              new ForwardingSource(delegate.source()) {
                private long read;

                @Override
                public long read(Buffer sink, long byteCount) throws IOException {
                  long n = super.read(sink, byteCount);
                  read += Math.max(n, 0);
                  if (n == -1 || read == length) {
                    closeQuietly(socket);
                  }
                  return n;
                }

                @Override
                public void close() throws IOException {
                  try {
                    super.close();
                  } finally {
                    closeQuietly(socket);
                  }
                }
              });
    }

    @Override
    public MediaType contentType() {
      return delegate.contentType();
    }

    @Override
    public long contentLength() {
      return delegate.contentLength();
    }

    @Override
    public BufferedSource source() {
      return source;
    }

    private static void closeQuietly(Socket socket) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing is all we wanted
      }
    }
  }
}
