package io.mutationapi.benchmarks;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop HTTP/1.1 load generator over loopback: {@code clients} threads, each with one
 * keep-alive connection, each sending the same pre-built POST and reading the whole response before
 * the next. Runs for a warm-up, then a measured period, then stops; bounded in time and in
 * requests.
 *
 * <p>It is deliberately minimal (no HTTP client library), so that its own cost is small and the
 * same whichever server it loads.
 */
final class LoadGenerator {
  /**
   * What one measured period saw. {@code serverCpuNanos} is the CPU this JVM spent in the period
   * outside the load generator's threads: the server's threads, and the collector and compiler.
   */
  record Run(long requests, long errors, double seconds, Histogram latency, long serverCpuNanos) {
    double perSecond() {
      return requests / seconds;
    }

    /** Server CPU per request, in microseconds. */
    double cpuMicrosPerRequest() {
      return requests == 0 ? Double.NaN : serverCpuNanos / 1000.0 / requests;
    }
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private LoadGenerator() {}

  /** Builds the bytes of a POST of {@code body} to {@code path}. */
  static byte[] post(InetSocketAddress address, String path, String token, byte[] body) {
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: "
            + address.getHostString()
            + ":"
            + address.getPort()
            + "\r\nAuthorization: Bearer "
            + token
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length
            + "\r\n\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[h.length + body.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }

  static Run run(
      InetSocketAddress address,
      byte[] request,
      int clients,
      Duration warmup,
      Duration measure,
      long maxRequests)
      throws InterruptedException {
    if (!address.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("loopback only: " + address);
    }
    AtomicLong budget = new AtomicLong(maxRequests);
    long start = System.nanoTime();
    long measureFrom = start + warmup.toNanos();
    long stopAt = measureFrom + measure.toNanos();
    List<Worker> workers = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Worker w = new Worker(address, request, measureFrom, stopAt, budget);
      workers.add(w);
      w.thread.start();
    }
    // The process's CPU over the measured period; the workers take their own share out.
    sleepUntil(measureFrom);
    long processCpuFrom = OS.getProcessCpuTime();
    sleepUntil(stopAt);
    long processCpuTo = OS.getProcessCpuTime();
    Histogram latency = Results.histogram();
    long clientCpu = 0;
    long requests = 0;
    long errors = 0;
    long lastEnd = measureFrom;
    for (Worker w : workers) {
      w.thread.join();
      latency.add(w.histogram);
      requests += w.requests;
      errors += w.errors;
      lastEnd = Math.max(lastEnd, w.end);
      clientCpu += w.cpuInPeriod;
      if (w.failure != null) {
        throw new IllegalStateException("load client failed", w.failure);
      }
    }
    double seconds = (Math.min(lastEnd, stopAt) - measureFrom) / 1e9;
    return new Run(requests, errors, seconds, latency, processCpuTo - processCpuFrom - clientCpu);
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
      Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
    }
  }

  private static final class Worker implements Runnable {
    final Thread thread = new Thread(this, "load-client");
    final InetSocketAddress address;
    final byte[] request;
    final long measureFrom;
    final long stopAt;
    final AtomicLong budget;
    final Histogram histogram = Results.histogram();
    long requests;
    long errors;
    long end;
    long cpuInPeriod;
    Exception failure;

    Worker(InetSocketAddress address, byte[] request, long measureFrom, long stopAt, AtomicLong b) {
      this.address = address;
      this.request = request;
      this.measureFrom = measureFrom;
      this.stopAt = stopAt;
      this.budget = b;
      thread.setDaemon(true);
    }

    @Override
    public void run() {
      try (Socket socket = new Socket()) {
        socket.setTcpNoDelay(true);
        socket.connect(address, 5_000);
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        byte[] line = new byte[8 * 1024];
        long cpuFrom = -1;
        while (budget.decrementAndGet() >= 0) {
          long t0 = System.nanoTime();
          if (t0 >= stopAt) {
            break;
          }
          if (cpuFrom < 0 && t0 >= measureFrom) {
            cpuFrom = THREADS.getCurrentThreadCpuTime();
          }
          out.write(request);
          out.flush();
          int status = readResponse(in, line);
          long t1 = System.nanoTime();
          end = t1;
          if (t0 >= measureFrom) {
            histogram.recordValue(t1 - t0);
            requests++;
            if (status != 200) {
              errors++;
            }
          }
        }
        if (cpuFrom >= 0) {
          cpuInPeriod = THREADS.getCurrentThreadCpuTime() - cpuFrom;
        }
      } catch (IOException | RuntimeException e) {
        failure = e;
      }
    }

    /** Reads one response; returns its status. Needs Content-Length (both servers send it). */
    private static int readResponse(InputStream in, byte[] buf) throws IOException {
      int status = -1;
      long length = -1;
      while (true) {
        int n = readLine(in, buf);
        if (n == 0) {
          break;
        }
        String header = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
        if (status < 0) {
          status = Integer.parseInt(header.substring(9, 12));
        } else if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
          length = Long.parseLong(header.substring(15).trim());
        }
      }
      if (length < 0) {
        throw new IOException("response without Content-Length");
      }
      for (long left = length; left > 0; ) {
        long skipped = in.skip(left);
        if (skipped <= 0) {
          if (in.read() < 0) {
            throw new EOFException();
          }
          skipped = 1;
        }
        left -= skipped;
      }
      return status;
    }

    /** Reads a line without its CRLF into {@code buf}; returns its length. */
    private static int readLine(InputStream in, byte[] buf) throws IOException {
      int n = 0;
      while (true) {
        int b = in.read();
        if (b < 0) {
          throw new EOFException("connection closed");
        }
        if (b == '\n') {
          return n > 0 && buf[n - 1] == '\r' ? n - 1 : n;
        }
        if (n == buf.length) {
          throw new IOException("header line too long");
        }
        buf[n++] = (byte) b;
      }
    }
  }
}
