package io.mutationapi.benchmarks;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client of {@link ServeSoak}: a keep-alive connection, closed loop, over a population of its
 * own contacts. It creates contacts until it holds {@code population}, then repeats create, update,
 * update, delete-the-oldest, so the records that exist stay about constant while every kind of
 * write goes on; with {@code keyed} every request carries a fresh {@code Idempotency-Key}, as
 * {@code MutationClient} sends one with each call. Counts answers by status.
 */
final class SoakClient implements Runnable {
  static final String PATH = "/v1/mutations/run";

  final Thread thread;
  final AtomicLong requests = new AtomicLong();
  final Map<Integer, AtomicLong> byStatus = new ConcurrentHashMap<>();
  volatile Exception failure;
  volatile boolean stopped;

  private final InetSocketAddress address;
  private final String token;
  private final String syncId;
  private final int population;
  final boolean keyed;
  private final ArrayDeque<String> ids = new ArrayDeque<>();
  private final byte[] line = new byte[8 * 1024];
  private long n;

  SoakClient(InetSocketAddress address, String token, String syncId, int population, boolean k) {
    this.address = address;
    this.token = token;
    this.syncId = syncId;
    this.population = population;
    this.keyed = k;
    this.thread = new Thread(this, "load-client");
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
      while (!stopped) {
        String kind = nextKind();
        String body = body(kind);
        out.write(request(body));
        out.flush();
        int status = readStatus(in);
        byte[] answer = readBody(in);
        requests.incrementAndGet();
        byStatus.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        if (status == 200 && kind.equals("create")) {
          ids.addLast(upstreamId(answer));
        }
      }
    } catch (IOException | RuntimeException e) {
      if (!stopped) {
        failure = e;
      }
    }
  }

  private String nextKind() {
    if (ids.size() < population) {
      return "create";
    }
    return switch ((int) (n++ % 4)) {
      case 0 -> "create";
      case 3 -> "delete";
      default -> "update";
    };
  }

  private String body(String kind) {
    String head =
        "{\"kind\": \""
            + kind
            + "\", \"sync_id\": \""
            + syncId
            + "\", \"collection_id\": \"salesforce:contact\", ";
    long i = n;
    return switch (kind) {
      case "create" ->
          head
              + "\"records\": [{\"data\": {\"FirstName\": \"Paul\", \"LastName\": \"Atreides "
              + i
              + "\", \"Email\": \"paul"
              + i
              + "@arrakis.org\"}}]}";
      case "update" ->
          head
              + "\"records\": [{\"upstream_id\": \""
              + randomId()
              + "\", \"data\": {\"Email\": \"paul"
              + i
              + "@caladan.org\"}}]}";
      default -> head + "\"upstream_ids\": [\"" + ids.pollFirst() + "\"]}";
    };
  }

  private String randomId() {
    int skip = ThreadLocalRandom.current().nextInt(ids.size());
    var it = ids.iterator();
    for (int k = 0; k < skip; k++) {
      it.next();
    }
    return it.next();
  }

  private byte[] request(String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST "
            + PATH
            + " HTTP/1.1\r\nHost: 127.0.0.1:"
            + address.getPort()
            + "\r\nAuthorization: Bearer "
            + token
            + (keyed ? "\r\nIdempotency-Key: " + UUID.randomUUID() : "")
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + b.length
            + "\r\n\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[h.length + b.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(b, 0, all, h.length, b.length);
    return all;
  }

  private long contentLength;

  private int readStatus(InputStream in) throws IOException {
    int status = -1;
    contentLength = -1;
    while (true) {
      int len = readLine(in);
      if (len == 0) {
        break;
      }
      String header = new String(line, 0, len, StandardCharsets.ISO_8859_1);
      if (status < 0) {
        status = Integer.parseInt(header.substring(9, 12));
      } else if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        contentLength = Long.parseLong(header.substring(15).trim());
      }
    }
    if (contentLength < 0) {
      throw new IOException("response without Content-Length");
    }
    return status;
  }

  private byte[] readBody(InputStream in) throws IOException {
    byte[] body = new byte[(int) contentLength];
    for (int off = 0; off < body.length; ) {
      int r = in.read(body, off, body.length - off);
      if (r < 0) {
        throw new EOFException();
      }
      off += r;
    }
    return body;
  }

  private int readLine(InputStream in) throws IOException {
    int len = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed");
      }
      if (b == '\n') {
        return len > 0 && line[len - 1] == '\r' ? len - 1 : len;
      }
      if (len == line.length) {
        throw new IOException("header line too long");
      }
      line[len++] = (byte) b;
    }
  }

  /** The first {@code upstream_id} of a result body. */
  static String upstreamId(byte[] answer) {
    String s = new String(answer, StandardCharsets.UTF_8);
    int at = s.indexOf("\"upstream_id\":\"");
    if (at < 0) {
      throw new IllegalStateException("no upstream_id in " + s);
    }
    int from = at + "\"upstream_id\":\"".length();
    return s.substring(from, s.indexOf('"', from));
  }
}
