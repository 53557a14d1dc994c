package io.mutationapi.client;

import java.io.IOException;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Reads an answer's body without letting the server decide how much memory that takes: a declared
 * length over the limit is refused before a byte is read, and a body without one (chunked, or
 * closed at the end) is read only up to the limit.
 */
final class AnswerBody {
  /** The largest success body read, the same as the codec's own document limit. */
  static final long MAX_RESULT_BYTES = 64L * 1024 * 1024;

  /** The largest error body read when it carries no records: enough for any message. */
  static final long MAX_ERROR_BYTES = 64L * 1024;

  private AnswerBody() {}

  /** The body was longer than the limit; nothing more of it was read. */
  static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(String message) {
      super(message);
    }
  }

  /**
   * Returns the whole body.
   *
   * @throws TooLargeException if it is, or says it is, longer than {@code limit}
   * @throws IOException if reading it fails (cut, stalled past the read timeout, reset)
   */
  static byte[] read(ResponseBody body, long limit) throws IOException {
    long declared = body.contentLength();
    if (declared > limit) {
      throw new TooLargeException(
          "the answer declares " + declared + " bytes, over the client's limit of " + limit);
    }
    BufferedSource source = body.source();
    Buffer buffer = new Buffer();
    while (buffer.size() <= limit) {
      if (source.read(buffer, 64 * 1024) == -1) {
        return buffer.readByteArray();
      }
    }
    throw new TooLargeException(
        "the answer is longer than the client's limit of " + limit + " bytes");
  }
}
