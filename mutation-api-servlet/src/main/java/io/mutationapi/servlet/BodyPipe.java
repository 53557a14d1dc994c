package io.mutationapi.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The rest of a request body, past its first bytes: fed by the container's read callbacks, read as
 * a blocking stream by the handler on another thread.
 *
 * <p>A read waits until bytes arrive, the body ends or the pipe fails; the body deadline fails it,
 * so no read waits longer than the body read timeout. A feed waits while more than {@code
 * maxUnread} bytes are unread (the handler is slower than the client), until the handler reads, the
 * pipe fails or it is closed. Once closed (the request is answered), reads fail and what is still
 * fed is dropped.
 */
final class BodyPipe extends InputStream {
  private final long maxUnread;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
  private int headOffset;
  private long unread;
  private boolean ended;
  private boolean closed;
  private IOException failure;

  BodyPipe(long maxUnread) {
    this.maxUnread = maxUnread;
  }

  /** Appends a copy of {@code length} bytes; drops them if the pipe is closed or failed. */
  void feed(byte[] bytes, int offset, int length) {
    lock.lock();
    try {
      while (unread > maxUnread && !closed && failure == null) {
        changed.awaitUninterruptibly();
      }
      if (closed || failure != null || length == 0) {
        return;
      }
      byte[] copy = new byte[length];
      System.arraycopy(bytes, offset, copy, 0, length);
      chunks.add(copy);
      unread += length;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Marks the end of the body: reads return -1 once the bytes fed are read. */
  void end() {
    lock.lock();
    try {
      ended = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Fails the body: reads not yet satisfied, and later ones, throw {@code error}. */
  void fail(IOException error) {
    lock.lock();
    try {
      if (failure == null && !ended) {
        failure = error;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    lock.lock();
    try {
      while (chunks.isEmpty() && !ended && failure == null && !closed) {
        changed.awaitUninterruptibly();
      }
      if (closed) {
        throw new IOException("the request was answered; its body is no longer read");
      }
      if (chunks.isEmpty()) {
        if (failure != null) {
          throw failure;
        }
        return -1;
      }
      byte[] head = chunks.peek();
      int n = Math.min(length, head.length - headOffset);
      System.arraycopy(head, headOffset, buffer, offset, n);
      headOffset += n;
      if (headOffset == head.length) {
        chunks.poll();
        headOffset = 0;
      }
      unread -= n;
      changed.signalAll();
      return n;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int available() {
    lock.lock();
    try {
      return (int) Math.min(Integer.MAX_VALUE, unread);
    } finally {
      lock.unlock();
    }
  }

  /** Stops the pipe: reads fail, feeds drop their bytes, and the bytes held are released. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      chunks.clear();
      unread = 0;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
