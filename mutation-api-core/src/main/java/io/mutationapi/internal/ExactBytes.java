package io.mutationapi.internal;

import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Collects what a generator writes. Jackson's generator buffers its output and writes it in one
 * piece when it is closed, if it fits its buffer (8000 bytes), so the body of a small request is
 * copied once, into an array of its exact size, where a {@code ByteArrayOutputStream} would
 * allocate a buffer and then copy that.
 */
final class ExactBytes extends OutputStream {
  private byte[] bytes = new byte[0];
  private int size;

  @Override
  public void write(int b) {
    ensureCapacity(size + 1);
    bytes[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    if (size == 0 && bytes.length == 0) {
      bytes = Arrays.copyOfRange(b, off, off + len);
      size = len;
      return;
    }
    ensureCapacity(size + len);
    System.arraycopy(b, off, bytes, size, len);
    size += len;
  }

  private void ensureCapacity(int needed) {
    if (needed < 0) {
      throw new OutOfMemoryError("body over 2 GB");
    }
    if (needed > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(needed, Math.max(256, 2 * bytes.length)));
    }
  }

  byte[] toByteArray() {
    return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
  }
}
