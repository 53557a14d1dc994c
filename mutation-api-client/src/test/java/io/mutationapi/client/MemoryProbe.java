package io.mutationapi.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * Run by {@link BoundedMemoryTest} in a JVM with a small heap: a hostile server in this process
 * sends answers far larger than the heap, and each call must end in the client's own exception.
 * Prints one line per case and exits with 0 only if every case held; an {@code OutOfMemoryError}
 * anywhere exits with 1.
 */
public final class MemoryProbe {
  private static final long HUGE = 500L * 1024 * 1024;

  private MemoryProbe() {}

  public static void main(String[] args) throws Exception {
    boolean ok = true;
    ok &= run("200 declaring 500 MB", fixedLength("HTTP/1.1 200 OK"), false);
    ok &= run("endless chunked 200", chunked("HTTP/1.1 200 OK"), false);
    ok &= run("500 declaring 500 MB", fixedLength("HTTP/1.1 500 Internal Server Error"), false);
    ok &= run("endless chunked 500", chunked("HTTP/1.1 500 Internal Server Error"), false);
    ok &= run("endless chunked 200, async", chunked("HTTP/1.1 200 OK"), true);
    ok &= run("gzip bomb (1 GiB inflated)", gzipBomb(), false);
    System.out.println(ok ? "ALL HELD" : "SOME FAILED");
    System.exit(ok ? 0 : 1);
  }

  private static boolean run(String name, HostileServer.Answer answer, boolean async) {
    long start = System.nanoTime();
    try (HostileServer server = new HostileServer(answer);
        MutationClient client =
            MutationClient.builder().baseUrl(server.url()).apiToken("t").maxRetries(0).build()) {
      var call = client.mutations().create("s", "c").record(Map.of("a", 1));
      Throwable outcome;
      try {
        if (async) {
          call.executeAsync().get(60, TimeUnit.SECONDS);
        } else {
          call.execute();
        }
        outcome = null;
      } catch (java.util.concurrent.ExecutionException e) {
        outcome = e.getCause();
      } catch (RuntimeException e) {
        outcome = e;
      }
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      boolean held =
          outcome instanceof MutationIoException || outcome instanceof MutationServiceException;
      System.out.println(
          (held ? "HELD " : "FAILED ")
              + name
              + ": "
              + (outcome == null ? "no exception" : outcome.getClass().getSimpleName())
              + " in "
              + ms
              + " ms, "
              + server.requestCount()
              + " request(s)");
      return held && server.requestCount() == 1;
    } catch (Throwable t) {
      System.out.println("FAILED " + name + ": " + t);
      return false;
    }
  }

  private static HostileServer.Answer fixedLength(String statusLine) {
    return (i, r, out, s) -> {
      HostileServer.writeHead(
          out, statusLine, "Content-Type: application/json", "Content-Length: " + HUGE);
      writeUntilClosed(out, HUGE, false);
      return false;
    };
  }

  private static HostileServer.Answer chunked(String statusLine) {
    return (i, r, out, s) -> {
      HostileServer.writeHead(
          out, statusLine, "Content-Type: application/json", "Transfer-Encoding: chunked");
      writeUntilClosed(out, Long.MAX_VALUE, true);
      return false;
    };
  }

  private static void writeUntilClosed(OutputStream out, long total, boolean chunked)
      throws IOException {
    byte[] data = new byte[64 * 1024];
    java.util.Arrays.fill(data, (byte) ' ');
    byte[] head = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] tail = "\r\n".getBytes(StandardCharsets.US_ASCII);
    for (long sent = 0; sent < total; sent += data.length) {
      if (chunked) {
        out.write(head);
      }
      out.write(data);
      if (chunked) {
        out.write(tail);
      }
    }
  }

  private static HostileServer.Answer gzipBomb() throws IOException {
    ByteArrayOutputStream bomb = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bomb)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 1024; i++) {
        gz.write(zeros);
      }
    }
    byte[] body = bomb.toByteArray();
    return (i, r, out, s) -> {
      HostileServer.writeHead(
          out, "HTTP/1.1 200 OK", "Content-Encoding: gzip", "Content-Length: " + body.length);
      out.write(body);
      return false;
    };
  }
}
