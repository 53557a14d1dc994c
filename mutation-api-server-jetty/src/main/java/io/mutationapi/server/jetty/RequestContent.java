package io.mutationapi.server.jetty;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads request content without holding a thread while it is late: the first bytes of a body before
 * the handler runs, and what a client still sends after its answer.
 */
final class RequestContent {
  private RequestContent() {}

  /**
   * Reads up to {@code max} bytes of the body as they arrive, then passes {@code then} the body as
   * a stream: the bytes read, followed, if the body is longer, by a blocking stream of the rest. A
   * failed read ends the prefix early; the stream then fails where the content failed. {@code then}
   * runs on the calling thread or on one of Jetty's pool threads, never on a selector, and never
   * inside a demand callback when the stream still has to block for the rest: Jetty runs a
   * request's demand callbacks one at a time, so a blocking read there would wait for a callback
   * that cannot run until it returns.
   */
  static void prefetch(Request request, int max, Consumer<InputStream> then) {
    new Prefetch(request, max, then).run();
  }

  /**
   * Reads and drops content until its end, a failure, or more than {@code max} bytes, then runs
   * {@code done}.
   */
  static void discard(Request request, long max, Runnable done) {
    new Discard(request, max, done).run();
  }

  private static final class Prefetch implements Runnable {
    private final Request request;
    private final int max;
    private final Consumer<InputStream> then;
    private final ByteArrayOutputStream prefix = new ByteArrayOutputStream();
    private boolean inDemandCallback;

    Prefetch(Request request, int max, Consumer<InputStream> then) {
      this.request = request;
      this.max = max;
      this.then = then;
    }

    @Override
    public void run() {
      while (true) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          request.demand(this::onDemand);
          return;
        }
        if (Content.Chunk.isFailure(chunk)) {
          // The failure is sticky: the handler meets it when it reads past the prefix.
          handOff(rest());
          return;
        }
        ByteBuffer bytes = chunk.getByteBuffer();
        if (bytes.hasArray()) {
          prefix.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        } else {
          byte[] copy = new byte[bytes.remaining()];
          bytes.get(copy);
          prefix.writeBytes(copy);
        }
        boolean last = chunk.isLast();
        chunk.release();
        if (last) {
          then.accept(new ByteArrayInputStream(prefix.toByteArray()));
          return;
        }
        if (prefix.size() >= max) {
          handOff(rest());
          return;
        }
      }
    }

    private void onDemand() {
      inDemandCallback = true;
      run();
    }

    /** Passes on a stream whose reads may block, on a thread of its own if this is a callback. */
    private void handOff(InputStream body) {
      if (inDemandCallback) {
        request.getComponents().getExecutor().execute(() -> then.accept(body));
      } else {
        then.accept(body);
      }
    }

    private InputStream rest() {
      return new SequenceInputStream(
          new ByteArrayInputStream(prefix.toByteArray()), Content.Source.asInputStream(request));
    }
  }

  private static final class Discard implements Runnable {
    private final Request request;
    private final long max;
    private final Runnable done;
    private long discarded;

    Discard(Request request, long max, Runnable done) {
      this.request = request;
      this.max = max;
      this.done = done;
    }

    @Override
    public void run() {
      while (true) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          request.demand(this);
          return;
        }
        boolean end = chunk.isLast() || Content.Chunk.isFailure(chunk);
        discarded += chunk.remaining();
        chunk.release();
        if (end || discarded > max) {
          done.run();
          return;
        }
      }
    }
  }
}
