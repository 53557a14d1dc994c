package io.mutationapi.server.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * The body size limit: fails with {@link BodyTooLargeException} as soon as more than {@code limit}
 * bytes have been read, so nothing more is buffered.
 */
final class LimitedInputStream extends InputStream {
  private final InputStream in;
  private final long limit;
  private long read;

  LimitedInputStream(InputStream in, long limit) {
    this.in = in;
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    // Never ask for more than one byte past the limit.
    long allowed = limit - read + 1;
    int n = in.read(buffer, offset, (int) Math.min(length, allowed));
    if (n > 0) {
      count(n);
    }
    return n;
  }

  private void count(int n) throws IOException {
    read += n;
    if (read > limit) {
      throw new BodyTooLargeException(limit);
    }
  }

  @Override
  public void close() {
    // The binding owns the stream.
  }

  /** Thrown when the body passes the limit. */
  static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException(long limit) {
      super("body larger than " + limit + " bytes");
    }
  }
}
