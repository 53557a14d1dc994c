package io.mutationapi.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately dumb HTTP/1.1 client over a raw loopback socket: sends exactly the bytes it is
 * given (wrong lengths, truncated bodies, no body at all) and reads one response.
 */
final class RawHttp {
  /** One response: status, headers (lower-case names) and body. */
  record Response(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final int port;
  private final int readTimeoutMillis;

  RawHttp(int port, int readTimeoutMillis) {
    this.port = port;
    this.readTimeoutMillis = readTimeoutMillis;
  }

  /**
   * Sends {@code head} (request line and headers, CRLF separated, without the blank line), then
   * {@code body}; half-closes the connection if {@code halfClose}; reads the response.
   */
  Response send(String head, byte[] body, boolean halfClose) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(readTimeoutMillis);
      OutputStream out = socket.getOutputStream();
      out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      try {
        out.write(body);
        out.flush();
      } catch (IOException e) {
        // The server answered (413) and closed before reading everything: read its answer.
      }
      if (halfClose) {
        socket.shutdownOutput();
      }
      return read(socket.getInputStream());
    }
  }

  /** A POST of {@code body} with a correct Content-Length and the given extra header lines. */
  Response post(String path, byte[] body, String... headers) throws IOException {
    StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1");
    for (String header : headers) {
      head.append("\r\n").append(header);
    }
    head.append("\r\nContent-Length: ").append(body.length).append("\r\nConnection: close");
    return send(head.toString(), body, false);
  }

  /** Reads one response from {@code in}. */
  static Response read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed before the response head ended: " + head);
      }
      head.write(b);
      state =
          (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
              ? state + 1
              : (b == '\r' ? 1 : 0);
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String length = headers.get("content-length");
    if (length != null) {
      body.writeBytes(in.readNBytes(Integer.parseInt(length)));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      readChunked(in, body);
    } else {
      try {
        in.transferTo(body);
      } catch (SocketTimeoutException e) {
        // No length and a kept-alive connection: what arrived is the body.
      }
    }
    return new Response(status, headers, body.toByteArray());
  }

  private static void readChunked(InputStream in, ByteArrayOutputStream body) throws IOException {
    while (true) {
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = in.read()) >= 0 && b != '\n') {
        if (b != '\r') {
          line.append((char) b);
        }
      }
      int size = Integer.parseInt(line.toString().split(";")[0].trim(), 16);
      if (size == 0) {
        return;
      }
      body.writeBytes(in.readNBytes(size));
      in.read();
      in.read();
    }
  }
}
