package io.mutationapi.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy that loses connections on purpose, chosen per connection from a seeded
 * random: before the request reaches the server, halfway through its body, or after the server
 * answered (the server did the work, the client never hears of it).
 */
final class LossyProxy implements AutoCloseable {
  enum Fault {
    NONE,
    DROP_BEFORE,
    DROP_MIDWAY,
    DROP_AFTER
  }

  private final ServerSocket listener;
  private final int target;
  private final SplittableRandom random;
  private final double faultRate;
  private final ExecutorService threads = Executors.newCachedThreadPool(daemon());
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong[] faults = new AtomicLong[Fault.values().length];
  private volatile boolean closed;

  LossyProxy(int targetPort, long seed, double faultRate) throws IOException {
    this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    this.target = targetPort;
    this.random = new SplittableRandom(seed);
    this.faultRate = faultRate;
    for (int i = 0; i < faults.length; i++) {
      faults[i] = new AtomicLong();
    }
    threads.execute(this::accept);
  }

  int port() {
    return listener.getLocalPort();
  }

  long connections() {
    return connections.get();
  }

  long faults(Fault fault) {
    return faults[fault.ordinal()].get();
  }

  long faultsInjected() {
    return faults(Fault.DROP_BEFORE) + faults(Fault.DROP_MIDWAY) + faults(Fault.DROP_AFTER);
  }

  private Fault nextFault() {
    synchronized (random) {
      if (random.nextDouble() >= faultRate) {
        return Fault.NONE;
      }
      return Fault.values()[1 + random.nextInt(3)];
    }
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        connections.incrementAndGet();
        Fault fault = nextFault();
        faults[fault.ordinal()].incrementAndGet();
        threads.execute(() -> serve(client, fault));
      } catch (IOException e) {
        if (!closed) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  private void serve(Socket client, Fault fault) {
    try (client) {
      client.setSoTimeout(30_000);
      if (fault == Fault.DROP_BEFORE) {
        // Let the request arrive, then lose it: the server never sees a byte.
        client.getInputStream().read(new byte[256]);
        return;
      }
      try (Socket server = new Socket(InetAddress.getLoopbackAddress(), target)) {
        server.setSoTimeout(30_000);
        if (fault == Fault.DROP_MIDWAY) {
          // Forward part of the request, then cut both connections.
          byte[] buffer = new byte[64];
          int n = client.getInputStream().read(buffer);
          if (n > 0) {
            server.getOutputStream().write(buffer, 0, n);
            server.getOutputStream().flush();
          }
          return;
        }
        threads.execute(() -> pump(client, server));
        InputStream fromServer = server.getInputStream();
        OutputStream toClient = client.getOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = fromServer.read(buffer)) >= 0) {
          if (fault == Fault.DROP_AFTER) {
            // The server answered: it did the work. The client never hears of it.
            return;
          }
          toClient.write(buffer, 0, n);
          toClient.flush();
        }
      }
    } catch (IOException e) {
      // A side went away: so does the other.
    }
  }

  private static void pump(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException e) {
      // closed by the other direction
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    AtomicLong count = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, "lossy-proxy-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
