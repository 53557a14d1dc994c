package io.mutationapi.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP/1.1 server made of raw sockets, for faults MockWebServer cannot express: it reads
 * each request whole, counts it, and lets the test write any bytes at all as the answer. Keeps a
 * connection open for further requests when the answer says so, and closes connections idle for
 * longer than {@link #idleTimeoutMillis}, like servers and load balancers do.
 */
final class HostileServer implements AutoCloseable {
  /** Writes the answer to request number {@code index} (from 0); returns whether to keep open. */
  interface Answer {
    boolean write(int index, Request request, OutputStream out, Socket socket) throws IOException;
  }

  /** One request as the server read it. */
  record Request(String head, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final ServerSocket server;
  private final Answer answer;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Request> seen = new CopyOnWriteArrayList<>();
  private final Map<Socket, Boolean> open = new ConcurrentHashMap<>();
  private final Thread acceptor;
  private volatile int idleTimeoutMillis = 30_000;

  HostileServer(Answer answer) throws IOException {
    this.answer = answer;
    this.server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::accept, "hostile-server-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  HostileServer idleTimeoutMillis(int millis) {
    this.idleTimeoutMillis = millis;
    return this;
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort() + "/";
  }

  int requestCount() {
    return requests.get();
  }

  int connectionCount() {
    return connections.get();
  }

  List<Request> requests() {
    return List.copyOf(seen);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        connections.incrementAndGet();
        open.put(socket, Boolean.TRUE);
        Thread t = new Thread(() -> serve(socket), "hostile-server-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      while (true) {
        socket.setSoTimeout(idleTimeoutMillis);
        Request request;
        try {
          request = readRequest(in);
        } catch (SocketTimeoutException idle) {
          return;
        }
        if (request == null) {
          return;
        }
        int index = requests.getAndIncrement();
        seen.add(request);
        socket.setSoTimeout(0);
        boolean keepOpen = answer.write(index, request, out, socket);
        out.flush();
        if (!keepOpen) {
          return;
        }
      }
    } catch (IOException e) {
      // the client went away, as hostile tests make it do
    } finally {
      open.remove(socket);
    }
  }

  private static Request readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b == -1) {
        return null;
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    Map<String, String> headers = new ConcurrentHashMap<>();
    for (String line : text.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(
            line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).strip());
      }
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    return new Request(text, headers, body);
  }

  /** Writes a complete answer with a JSON body and a correct {@code Content-Length}. */
  static void writeJson(OutputStream out, String statusLine, String body, String... headers)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(statusLine).append("\r\n");
    sb.append("Content-Type: application/json\r\n");
    sb.append("Content-Length: ").append(bytes.length).append("\r\n");
    for (String h : headers) {
      sb.append(h).append("\r\n");
    }
    sb.append("\r\n");
    out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(bytes);
    out.flush();
  }

  /** Writes only a status line and headers, exactly as given. */
  static void writeHead(OutputStream out, String statusLine, String... headers) throws IOException {
    StringBuilder sb = new StringBuilder(statusLine).append("\r\n");
    for (String h : headers) {
      sb.append(h).append("\r\n");
    }
    sb.append("\r\n");
    out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open.keySet()) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
